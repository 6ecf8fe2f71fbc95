"""Wagtail's install names its moderation workflow and its task "Moderators approval". The admin
shows such a name as stored (like the names editors give, it is data, not a message), so the
French-first admin showed English: the default gets a French name. A name an editor changed is
left alone."""

from django.db import migrations

WAGTAIL_NAME = "Moderators approval"
FRENCH_NAME = "Validation par les modérateurs"


def rename(old: str, new: str):
    def run(apps, schema_editor):
        for model in ("Workflow", "Task"):
            apps.get_model("wagtailcore", model).objects.filter(name=old).update(name=new)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [
        migrations.RunPython(rename(WAGTAIL_NAME, FRENCH_NAME), rename(FRENCH_NAME, WAGTAIL_NAME)),
    ]
