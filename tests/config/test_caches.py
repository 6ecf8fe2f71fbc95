"""Renditions live in their own cache; with REDIS_URL every alias is shared and kept apart."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def test_renditions_have_their_own_cache_alias():
    assert set(settings.CACHES) == {"default", "renditions", "pages"}
    assert settings.CACHES["default"]["LOCATION"] != settings.CACHES["renditions"]["LOCATION"]


def test_redis_url_puts_every_alias_on_redis_with_its_own_prefix():
    code = (
        "from django.conf import settings; "
        "print(sorted((alias, conf['BACKEND'].rsplit('.', 1)[-1], conf['KEY_PREFIX']) "
        "for alias, conf in settings.CACHES.items()))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "REDIS_URL": "redis://127.0.0.1:6379/9",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    expected = (
        "[('default', 'ReusingRedisCache', 'default'), ('pages', 'ReusingRedisCache', 'pages'), "
        "('renditions', 'ReusingRedisCache', 'renditions')]"
    )
    assert expected in result.stdout
