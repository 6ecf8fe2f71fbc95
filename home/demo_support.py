"""Helpers shared by the apps' demo modules (`<app>/demo.py`), called by `load_demo_content`."""

from contextlib import contextmanager

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

# Wagtail creates "Editors" and "Moderators" at install (the moderation workflow's task is
# approved by the latter); the data-protection officer's group is the demo's own.
EDITORS_GROUP = "Editors"
MODERATORS_GROUP = "Moderators"
DPO_GROUP = "Délégué à la protection des données"


def grant(group_name: str, perms: list[tuple[type, str]]) -> Group:
    """Give `group_name` (created if missing) each (model, codename) permission that exists."""
    group, _created = Group.objects.get_or_create(name=group_name)
    for model, codename in perms:
        content_type = ContentType.objects.get_for_model(model)
        permission = Permission.objects.filter(content_type=content_type, codename=codename).first()
        if permission:
            group.permissions.add(permission)
    return group


@contextmanager
def search_index_deferred():
    """Index each saved object once, at the end, instead of at every save and publish.

    A demo profile is saved, revised, published and translated: without this it is written to the
    search index four or five times, a third of the whole demo's time.
    """
    from modelsearch import index

    pending: dict[tuple[type, object], None] = {}
    original = index.insert_or_update_object

    def remember(instance):
        pending[(type(instance), instance.pk)] = None

    index.insert_or_update_object = remember
    try:
        yield
    finally:
        index.insert_or_update_object = original
    by_model: dict[type, list] = {}
    for model, pk in pending:
        by_model.setdefault(model, []).append(pk)
    for model, pks in by_model.items():
        for instance in model._default_manager.filter(pk__in=pks):
            original(instance)
