"""Background jobs of the privacy centre: building an export, deleting the expired ones."""

from django_tasks import task

from . import portability


@task()
def build_personal_data_export(export_id: int) -> str:
    export = portability.build(export_id)
    return export.status if export else "missing"


@task()
def purge_expired_personal_data_exports() -> int:
    return portability.purge_expired_exports()
