"""Demo permissions and account: the data-protection officer reads the access log, the ledger and
the cookie receipts (the other apps grant the DPO group what they hold)."""

from home.demo_support import DPO_GROUP, grant

from .models import AccessLogEntry

DPO_EMAIL = "dpd@psyconsult.example"


def ensure_dpo_account():
    """A demo DPO who signs in to the admin and sees only what the DPO group may see."""
    from allauth.account.models import EmailAddress

    from accounts.models import User
    from practitioners_directory.demo import DEMO_PASSWORD

    user, created = User.objects.get_or_create(
        email=DPO_EMAIL, defaults={"first_name": "Dominique", "last_name": "Perrin", "is_staff": True}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    user.groups.add(grant(DPO_GROUP, [(AccessLogEntry, "view_accesslogentry")]))
    return user


def load(*, stdout, options):
    from practitioners_directory.demo import DEMO_PASSWORD

    ensure_dpo_account()
    return [f"Compte DPO de démonstration (admin) : {DPO_EMAIL} / {DEMO_PASSWORD}"]
