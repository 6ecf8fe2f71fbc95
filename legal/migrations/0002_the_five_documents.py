"""The five legal documents always exist: editors only add versions."""

from django.db import migrations

DOCUMENTS = [
    ("legal_notice", "mentions-legales", 10),
    ("terms_of_use", "conditions-generales-utilisation", 20),
    ("practitioner_terms", "conditions-generales-praticiens", 30),
    ("privacy_policy", "politique-de-confidentialite", 40),
    ("cookie_policy", "politique-cookies", 50),
]


def create_documents(apps, schema_editor):
    LegalDocument = apps.get_model("legal", "LegalDocument")
    for kind, slug, order in DOCUMENTS:
        LegalDocument.objects.get_or_create(kind=kind, defaults={"slug": slug, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("legal", "0001_initial")]

    operations = [migrations.RunPython(create_documents, migrations.RunPython.noop)]
