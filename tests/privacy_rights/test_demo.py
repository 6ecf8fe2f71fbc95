"""The demo DPO finds the restricted accounts and the directives under Données personnelles."""

import pytest

from accounts.models import User
from privacy.demo import DPO_EMAIL
from tests.booking.test_admin import _menu

pytestmark = pytest.mark.django_db


def test_the_demo_dpo_may_lift_and_read_and_sees_the_menu(client, demo_content):
    dpo = User.objects.get(email=DPO_EMAIL)
    assert dpo.has_perm("privacy_rights.lift_restriction")
    assert dpo.has_perm("privacy_rights.view_postmortemdirective")
    client.force_login(dpo)

    menu = _menu(client.get("/admin/"))

    assert menu["privacy-rights-restrictions"] == "Comptes limités"
    assert menu["privacy-rights-directives"] == "Directives post-mortem"
    assert client.get("/admin/donnees/limitations/").status_code == 200
