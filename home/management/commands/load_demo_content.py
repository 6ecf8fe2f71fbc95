"""Load (or complete) the demo content of every app, idempotently.

Each app listed in DEMO_APPS may ship a module `<app>.demo` with:
  - `load(*, stdout, options)`: creates what is missing and changes nothing that exists.
    It may return lines (e.g. demo logins) printed together at the very end.
  - optionally `add_arguments(parser)`: extra command-line options it reads from `options`.
  - optionally `finish(*, stdout, options)`: runs once every module is loaded (e.g. home's
    pages link to the directory the practitioners app adds under the home page).
Modules run in the order of DEMO_APPS, each in its own transaction; then the `finish` steps.
"""

import importlib
from types import ModuleType

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from home.demo_support import search_index_deferred

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DEMO_APPS = [
    "home",
    "accounts",
    "legal",
    "practitioners_directory",
    "booking",
    "consent",
    "audience",
    "privacy",
    "payments",
    "newsletter",
    "contact",
    "support",
    "privacy_requests",
    "privacy_rights",
    "retention",
]


def demo_modules() -> list[ModuleType]:
    modules = []
    for app in DEMO_APPS:
        name = f"{app}.demo"
        try:
            modules.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            # Only "this app has no demo module" is expected; a broken import inside it is not.
            if exc.name != name:
                raise
    return modules


class Command(BaseCommand):
    help = "Crée le contenu de démonstration (pages, réglages, comptes) ; sans effet s'il existe déjà."

    def add_arguments(self, parser):
        for module in demo_modules():
            if hasattr(module, "add_arguments"):
                module.add_arguments(parser)

    def handle(self, *args, **options):
        # The demo's own bookkeeping (search and reference indexes, e-mails about the demo texts)
        # runs here and now instead of flooding the worker's queue with thousands of tasks.
        with override_settings(TASKS=IMMEDIATE_TASKS), search_index_deferred():
            closing_lines = self._load_every_app(options)
        if options["verbosity"] > 0:
            self.stdout.write(self.style.SUCCESS("Contenu de démonstration prêt."))
            for line in closing_lines:
                self.stdout.write(line)

    def _load_every_app(self, options) -> list[str]:
        closing_lines: list[str] = []
        for module in demo_modules():
            with transaction.atomic():
                lines = module.load(stdout=self.stdout, options=options)
            closing_lines.extend(lines or [])
        for module in demo_modules():
            if hasattr(module, "finish"):
                with transaction.atomic():
                    module.finish(stdout=self.stdout, options=options)
        return closing_lines
