"""Helpers shared by the apps' demo modules (`<app>/demo.py`), called by `load_demo_content`."""

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
