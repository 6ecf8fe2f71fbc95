"""Production settings come from the environment and refuse to start without a secret."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[2]


# Browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for their live server; a deployment never does.
TEST_ONLY_VARIABLES = ("DJANGO_ALLOW_ASYNC_UNSAFE",)


def run_manage(*args, env_overrides, drop=()):
    env = {k: v for k, v in os.environ.items() if k not in (*drop, *TEST_ONLY_VARIABLES)}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "ALLOWED_HOSTS": "psyconsult.example",
    "DATABASE_URL": "sqlite:///:memory:",
    "REDIS_URL": "redis://127.0.0.1:6379/15",
    "FIELD_ENCRYPTION_KEYS": f"{Fernet.generate_key().decode()},{Fernet.generate_key().decode()}",
    "STRIPE_SECRET_KEY": "sk_live_test_only_value",
    "STRIPE_WEBHOOK_SECRET": "whsec_test_only_value",
}


def test_production_refuses_to_start_without_secret_key():
    result = run_manage("check", env_overrides=PRODUCTION, drop=("SECRET_KEY",))
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_to_start_without_a_shared_cache():
    env = {**{k: v for k, v in PRODUCTION.items() if k != "REDIS_URL"}, "SECRET_KEY": "x" * 60}
    result = run_manage("check", env_overrides=env, drop=("REDIS_URL",))
    assert result.returncode != 0
    assert "REDIS_URL is not set" in result.stderr
    assert "rate limits" in result.stderr


def test_production_refuses_to_start_without_field_encryption_keys():
    env = {k: v for k, v in PRODUCTION.items() if k != "FIELD_ENCRYPTION_KEYS"}
    result = run_manage(
        "check", env_overrides={**env, "SECRET_KEY": "x" * 60}, drop=("FIELD_ENCRYPTION_KEYS",)
    )
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS is not set" in result.stderr


def test_production_refuses_the_dev_only_encryption_key():
    from config.settings import dev

    env = {**PRODUCTION, "SECRET_KEY": "x" * 60, "FIELD_ENCRYPTION_KEYS": dev.FIELD_ENCRYPTION_KEYS[0]}
    result = run_manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "dev-only key" in result.stderr


def test_production_refuses_an_invalid_encryption_key():
    env = {**PRODUCTION, "SECRET_KEY": "x" * 60, "FIELD_ENCRYPTION_KEYS": "not-a-fernet-key"}
    result = run_manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "privacy.E002" in result.stderr


def test_production_check_deploy_is_clean_with_environment_values():
    env = {**PRODUCTION, "SECRET_KEY": "x" * 20 + "-a-long-random-looking-value-for-the-test-0123456789"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=env)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_public_pages_get_a_strict_content_security_policy(client):
    response = client.get("/healthz/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.django_db
def test_wagtail_admin_gets_the_looser_policy_its_editor_needs(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "'unsafe-inline'" in policy
    # 'none' next to another source would make browsers ignore the directive.
    assert "frame-ancestors 'self'" in policy
    assert "frame-ancestors 'none'" not in policy


@pytest.mark.django_db
def test_admin_avatars_come_from_the_site_not_from_gravatar(client):
    from accounts.factories import SuperUserFactory

    client.force_login(SuperUserFactory())
    assert "gravatar.com" not in client.get("/admin/").content.decode()


@pytest.mark.django_db
def test_healthz_answers_without_touching_the_database(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.content == b"ok"


PRINT_POOL = (
    "from django.db import connection; connection.ensure_connection(); "
    "print('pool', connection.pool and connection.pool.max_size, connection.settings_dict['CONN_MAX_AGE'])"
)


@pytest.fixture
def postgres_url():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("needs the PostgreSQL of the test run")
    return url


def test_production_keeps_a_connection_pool_per_process_on_postgresql(postgres_url):
    env = {**PRODUCTION, "SECRET_KEY": "x" * 60, "DATABASE_URL": postgres_url, "DB_CONN_MAX_AGE": "60"}
    result = run_manage("shell", "-c", PRINT_POOL, env_overrides=env, drop=("DB_POOL_MAX_SIZE",))
    assert result.returncode == 0, result.stderr
    # Under Daphne, persistent connections per thread exhausted PostgreSQL: a pool of 10 instead.
    assert "pool 10 0" in result.stdout


def test_the_pool_size_comes_from_the_environment_and_zero_turns_it_off(postgres_url):
    env = {**PRODUCTION, "SECRET_KEY": "x" * 60, "DATABASE_URL": postgres_url, "DB_CONN_MAX_AGE": "60"}
    sized = run_manage("shell", "-c", PRINT_POOL, env_overrides={**env, "DB_POOL_MAX_SIZE": "4"})
    assert "pool 4 0" in sized.stdout, sized.stderr
    off = run_manage("shell", "-c", PRINT_POOL, env_overrides={**env, "DB_POOL_MAX_SIZE": "0"})
    assert "pool None 60" in off.stdout, off.stderr


def test_sessions_can_be_read_from_the_shared_cache():
    code = "from django.conf import settings; print('engine', settings.SESSION_ENGINE)"
    env = {**PRODUCTION, "SECRET_KEY": "x" * 60}
    cached = run_manage("shell", "-c", code, env_overrides={**env, "SESSIONS_CACHED": "true"})
    assert "engine django.contrib.sessions.backends.cached_db" in cached.stdout, cached.stderr
    plain = run_manage("shell", "-c", code, env_overrides=env, drop=("SESSIONS_CACHED",))
    assert "engine django.contrib.sessions.backends.db" in plain.stdout, plain.stderr
