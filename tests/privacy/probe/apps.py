from django.apps import AppConfig


class ProbeConfig(AppConfig):
    name = "tests.privacy.probe"
    label = "privacy_probe"
    default_auto_field = "django.db.models.BigAutoField"
