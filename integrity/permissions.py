"""Permission policy for append-only records (acceptance ledger, cookie receipts, access log)."""

from wagtail.permission_policies import ModelPermissionPolicy


class AppendOnlyPermissionPolicy(ModelPermissionPolicy):
    """Viewable by those with the view permission; never written through the admin, superusers
    included. PostgreSQL refuses UPDATE and DELETE on these tables anyway."""

    WRITE_ACTIONS = {"add", "change", "delete", "copy", "lock", "unlock", "publish"}

    def user_has_permission(self, user, action):
        if action in self.WRITE_ACTIONS:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)
