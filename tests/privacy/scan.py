"""Where a person's identifiers still are: every text column of every table, and the plain
text of every encrypted column (their stored tokens are random)."""

from django.apps import apps
from django.db import connection

from privacy.fields import EncryptedTextField


def _text_columns():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() "
            "AND data_type IN ('text', 'character varying', 'json', 'jsonb', 'character')"
        )
        return cursor.fetchall()


def where_found(values) -> list[tuple[str, str, str]]:
    """(table, column, value) for every text column of every table holding one of `values`."""
    qn = connection.ops.quote_name
    patterns = [f"%{value}%" for value in values]
    found = []
    with connection.cursor() as cursor:
        for table, column in _text_columns():
            cursor.execute(
                f"SELECT {qn(column)}::text FROM {qn(table)} WHERE {qn(column)}::text ILIKE ANY(%s)",  # noqa: S608
                [patterns],
            )
            for (text,) in cursor.fetchall():
                found += [(table, column, v) for v in values if v.lower() in text.lower()]
    return found


def in_encrypted_columns(values) -> list[tuple[str, str, str]]:
    found = []
    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, EncryptedTextField) and model_field.model is model:
                for plain in model._base_manager.exclude(**{model_field.name: ""}).values_list(
                    model_field.name, flat=True
                ):
                    found += [
                        (model._meta.label, model_field.name, v)
                        for v in values
                        if v.lower() in (plain or "").lower()
                    ]
    return found
