"""Production refuses to start without Stripe's secret key and webhook signing secret, or with
the local stand-in's public test values; dev uses the stand-in when no key is given."""

import pytest

from tests.config.test_settings import PRODUCTION, run_manage

SECRETS = ("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET")


@pytest.mark.parametrize("missing", SECRETS)
def test_production_refuses_to_start_without_a_stripe_secret(missing):
    env = {**{k: v for k, v in PRODUCTION.items() if k != missing}, "SECRET_KEY": "x" * 60}
    result = run_manage("check", env_overrides=env, drop=(missing,))
    assert result.returncode != 0
    assert f"{missing} not set" in result.stderr
    assert "stripe/webhook" in result.stderr


def test_production_refuses_the_stand_ins_test_values():
    env = {**PRODUCTION, "SECRET_KEY": "x" * 60, "STRIPE_SECRET_KEY": "sk_test_standin"}
    result = run_manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "stand-in" in result.stderr


def test_production_never_talks_to_the_stand_in_and_requires_payment():
    env = {**PRODUCTION, "SECRET_KEY": "x" * 60, "STRIPE_API_BASE": "http://127.0.0.1:12111"}
    code = "from django.conf import settings as s; print(repr(s.STRIPE_API_BASE), s.BOOKING_REQUIRES_PAYMENT)"
    result = run_manage("shell", "-c", code, env_overrides=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("'' True")


def test_dev_uses_the_stand_in_without_keys():
    env = {"DJANGO_SETTINGS_MODULE": "config.settings.dev", "DATABASE_URL": "sqlite:///:memory:"}
    code = (
        "from django.conf import settings as s; "
        "print(s.STRIPE_API_BASE, s.STRIPE_SECRET_KEY, s.STRIPE_WEBHOOK_SECRET, s.BOOKING_REQUIRES_PAYMENT)"
    )
    result = run_manage(
        "shell", "-c", code, env_overrides=env, drop=(*SECRETS, "STRIPE_API_BASE", "BOOKING_REQUIRES_PAYMENT")
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-4:] == [
        "http://127.0.0.1:12111",
        "sk_test_standin",
        "whsec_standin",
        "True",
    ]
