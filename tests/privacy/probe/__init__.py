"""A test-only app (installed by config.settings.test alone) with encrypted columns of its own.

Why: `rotate_field_keys` finds encrypted fields across the installed apps, and no app has one
yet (booking's appointment reason comes later). A real installed model with a real migration
proves discovery, the column type and the migration's deconstruction, without adding a table
to the site's own apps.
"""
