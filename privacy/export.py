"""The person's data, as JSON (stable keys, documented in the README) and as a ZIP with their files."""

import io
import json
import zipfile

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone, translation

from . import registry

FORMAT = "psyconsult-personal-data"
FORMAT_VERSION = 1


def build_export(user) -> dict:
    """Every registered section for `user`; labels in the person's language."""
    with translation.override(getattr(user, "preferred_language", None) or "fr"):
        sections = {
            handler.key: {"label": str(handler.label), "data": handler.export(user)}
            for handler in registry.handlers()
        }
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "generated_at": timezone.now().isoformat(),
        "subject": {"id": user.pk},
        "sections": sections,
    }


def export_json(user) -> str:
    return json.dumps(build_export(user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def build_archive(user) -> bytes:
    """data.json and the person's files (files/<section>/<name>) in one ZIP."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", export_json(user))
        for handler in registry.handlers():
            for name, content in handler.files(user):
                archive.writestr(f"files/{handler.key}/{name}", content)
    return buffer.getvalue()
