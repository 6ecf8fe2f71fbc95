"""The append-only registry: what it holds, and the system checks that keep its promise."""

import pgtrigger
from django.db import models
from django.test.utils import isolate_apps

from consent.models import ConsentReceipt
from integrity import checks, registry
from integrity.models import HashChained
from legal.models import Acceptance


def test_the_ledger_and_the_receipts_are_registered_and_chained():
    assert {Acceptance, ConsentReceipt} <= set(registry.append_only_models())
    assert {Acceptance, ConsentReceipt} <= set(registry.chained_models())
    assert {"legal_acceptance", "consent_consentreceipt"} <= set(registry.append_only_tables())


def test_the_project_passes_the_append_only_checks():
    assert checks.check_append_only_models() == []


@isolate_apps("integrity")
def test_a_registered_model_without_a_protect_trigger_or_with_auto_now_is_reported(monkeypatch):
    class Careless(HashChained):
        created_at = models.DateTimeField(auto_now_add=True)

        class Meta:
            app_label = "integrity"

    class Protected(HashChained):
        created_at = models.DateTimeField()

        class Meta:
            app_label = "integrity"
            triggers = [
                pgtrigger.Protect(name="protected_append_only", operation=pgtrigger.Update | pgtrigger.Delete)
            ]

    monkeypatch.setattr(registry, "_models", {})
    registry.register_append_only(Careless)
    registry.register_append_only(Protected)
    ids = [(error.obj, error.id) for error in checks.check_append_only_models()]
    assert ids == [(Careless, "integrity.E001"), (Careless, "integrity.E002")]
