"""Migration operations for PostgreSQL-only database features.

The embedded default (`make run`) runs on SQLite, which cannot create an exclusion constraint or
an extension. These operations keep the constraint in the migration state everywhere (the models
declare it) and create it only on PostgreSQL; on SQLite the services enforce the rule instead.
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations


class AddConstraintOnPostgres(migrations.AddConstraint):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


__all__ = ["AddConstraintOnPostgres", "BtreeGistExtension"]
