"""Project-wide fixtures: the Wagtail site tree, users, and the PostgreSQL-only marker."""

import os
import shutil

import pytest
from django.db import connection

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
_skipped_for_postgres: list[str] = []


def pytest_collection_modifyitems(config, items):
    on_postgres = connection.vendor == "postgresql"
    chromium_missing = not shutil.which(CHROMIUM)
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            _skipped_for_postgres.append(item.nodeid)
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)"))
        if "browser" in item.keywords and chromium_missing:
            item.add_marker(pytest.mark.skip(reason=f"needs Debian's Chromium at {CHROMIUM}"))


def pytest_terminal_summary(terminalreporter):
    if _skipped_for_postgres:
        terminalreporter.section("skipped because they need PostgreSQL")
        for nodeid in _skipped_for_postgres:
            terminalreporter.write_line(nodeid)
        terminalreporter.write_line("Run with DATABASE_URL=postgres://... to include them.")
