"""Portability: the person's data as a ZIP (data.json and their files), built in the background,
stored encrypted, downloadable by its owner for PERSONAL_DATA_EXPORT_DAYS days, then deleted.

    export = request_export(user)          # a row "pending"; the task is queued after commit
    build(export.pk)                       # the task: "running", then "ready" (or "failed")
    content = decrypted_archive(export)    # the ZIP's bytes, for the owner's download
    purge_expired_exports()                # daily (command purge_expired_exports, or the task)
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from config.storages import private_storage

from . import crypto
from .export import build_archive
from .models import PersonalDataExport

logger = logging.getLogger(__name__)
Status = PersonalDataExport.Status
STORAGE_DIRECTORY = "personal-data-exports"


def export_days() -> int:
    return int(getattr(settings, "PERSONAL_DATA_EXPORT_DAYS", 7))


def archive_filename(export: PersonalDataExport) -> str:
    """What the person's browser saves: dated, without their name."""
    moment = timezone.localtime(export.finished_at or export.requested_at)
    return f"mes-donnees-{moment:%Y-%m-%d}.zip"


def request_export(user) -> PersonalDataExport:
    """A new export for `user`, or the one already being prepared (a double click builds once)."""
    from . import tasks

    with transaction.atomic():
        current = (
            PersonalDataExport.objects.select_for_update()
            .filter(user=user, status__in=PersonalDataExport.IN_PROGRESS)
            .first()
        )
        if current is not None:
            return current
        export = PersonalDataExport.objects.create(user=user)
        transaction.on_commit(lambda: tasks.build_personal_data_export.enqueue(export_id=export.pk))
    logger.info("privacy: export %s requested by user %s", export.pk, user.pk)
    return export


def build(export_id: int, *, now=None) -> PersonalDataExport | None:
    """Build one export (the task's body). Claims it first: a second run of the task does nothing."""
    now = now or timezone.now()
    claimed = PersonalDataExport.objects.filter(pk=export_id, status=Status.PENDING).update(
        status=Status.RUNNING, started_at=now
    )
    export = PersonalDataExport.objects.select_related("user").filter(pk=export_id).first()
    if not claimed or export is None:
        return export
    try:
        token = crypto.encrypt_bytes(build_archive(export.user))
        name = private_storage().save(
            f"{STORAGE_DIRECTORY}/{export.reference}.zip.fernet", ContentFile(token)
        )
    except Exception as exc:
        logger.exception("privacy: export %s failed", export_id)
        export.status, export.error = Status.FAILED, type(exc).__name__[:255]
        export.finished_at = timezone.now()
        export.save(update_fields=["status", "error", "finished_at"])
        return export
    finished = timezone.now()
    export.status, export.file_name, export.size = Status.READY, name, len(token)
    export.finished_at, export.expires_at = finished, finished + timedelta(days=export_days())
    export.save(update_fields=["status", "file_name", "size", "finished_at", "expires_at"])
    _schedule_purge(export)
    return export


def _schedule_purge(export: PersonalDataExport) -> None:
    """A deferred purge at the expiry, where the backend can defer (the command covers the rest)."""
    from . import tasks

    backend = tasks.purge_expired_personal_data_exports.get_backend()
    if backend.supports_defer:
        run_after = export.expires_at + timedelta(minutes=1)
        transaction.on_commit(
            lambda: tasks.purge_expired_personal_data_exports.using(run_after=run_after).enqueue()
        )


def decrypted_archive(export: PersonalDataExport) -> bytes:
    """The ZIP's bytes. Raises FileNotFoundError when the file is gone (expired, purged)."""
    if not export.file_name:
        raise FileNotFoundError(export.reference)
    with private_storage().open(export.file_name, "rb") as handle:
        token = handle.read()
    return crypto.decrypt_bytes(token)


def delete_export_file(export: PersonalDataExport) -> None:
    if export.file_name:
        private_storage().delete(export.file_name)


def purge_expired_exports(*, now=None) -> int:
    """Delete the files of the exports past their expiry (and of failed ones); the rows stay,
    marked "expired", as the person's history. Returns how many files were deleted."""
    now = now or timezone.now()
    due = PersonalDataExport.objects.filter(status=Status.READY, expires_at__lte=now) | (
        PersonalDataExport.objects.filter(status=Status.FAILED).exclude(file_name="")
    )
    count = 0
    for export in due:
        delete_export_file(export)
        if export.status == Status.READY:
            export.status = Status.EXPIRED
        export.file_name = ""
        export.save(update_fields=["status", "file_name"])
        count += 1
    if count:
        logger.info("privacy: %s expired exports deleted", count)
    return count


def delete_exports_of(user) -> int:
    """Erasure: every export of the person, files and rows (after commit for the files)."""
    exports = list(PersonalDataExport.objects.filter(user=user))
    names = [export.file_name for export in exports if export.file_name]
    storage = private_storage()
    transaction.on_commit(lambda: [storage.delete(name) for name in names])
    PersonalDataExport.objects.filter(user=user).delete()
    return len(exports)
