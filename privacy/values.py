"""Small helpers the apps' `privacy.py` handlers share to write their export and their erasure.

Export conventions (documented in the README, relied on by the access page's renderer):
- a choice is two keys: `status` (the stable code) and `status_label` (what the person reads);
- amounts are integer cents in keys ending with `_cents`;
- dates and times are Python values here: the JSON export writes them in ISO 8601 (UTC), the
  access page in the person's language and time zone;
- a file handed over in the archive is named in a key ending with `_file` (its path in the ZIP).
"""

import logging

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

logger = logging.getLogger(__name__)


def choice(obj, name: str) -> dict:
    """{"<name>": code, "<name>_label": label} for a field with choices."""
    code = getattr(obj, name)
    label = getattr(obj, f"get_{name}_display")() if code not in (None, "") else ""
    return {name: code, f"{name}_label": str(label)}


def file_extension(name: str, default: str = "bin") -> str:
    tail = name.rsplit("/", 1)[-1]
    return tail.rsplit(".", 1)[-1].lower() if "." in tail else default


def read_file(field_file) -> bytes | None:
    """The bytes of a stored file, or None when it is missing from the storage."""
    if not field_file:
        return None
    try:
        with field_file.storage.open(field_file.name, "rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError):
        logger.warning("privacy: file %s is missing from its storage", field_file.name)
        return None


def delete_file_on_commit(field_file) -> None:
    """Delete a stored file once the erasure is committed (a rolled-back erasure keeps it)."""
    if not field_file:
        return
    storage, name = field_file.storage, field_file.name
    transaction.on_commit(lambda: storage.delete(name))


def scrub_log_labels(model, pks, label: str) -> int:
    """Overwrite the titles Wagtail's and Django's admin logs copied from objects of `model`.

    Wagtail's log entries keep `str(obj)` as their label (a user's or an applicant's full name);
    the entries themselves stay (who did what, when), under a neutral label. Returns the count.
    """
    from django.contrib.admin.models import LogEntry
    from wagtail.models import ModelLogEntry, Page, PageLogEntry

    object_ids = [str(pk) for pk in pks]
    if not object_ids:
        return 0
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    concrete_type = ContentType.objects.get_for_model(model)
    types = {content_type.pk, concrete_type.pk}
    count = ModelLogEntry.objects.filter(content_type_id__in=types, object_id__in=object_ids).update(
        label=label, data={}
    )
    if issubclass(model, Page):
        count += PageLogEntry.objects.filter(page_id__in=list(pks)).update(label=label, data={})
    count += LogEntry.objects.filter(content_type_id__in=types, object_id__in=object_ids).update(
        object_repr=label, change_message=""
    )
    return count
