"""Erase one person's data irreversibly, as the privacy centre's erasure does.

    manage.py erase_personal_data --email E          # prints the plan, erases nothing
    manage.py erase_personal_data --email E --yes    # erases

What is kept (and why) is printed with the plan and after the erasure. The account row stays as
an anonymous tombstone (the ledger's rows point to it).
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from privacy import erasure

from ._subject import person_by_email


class Command(BaseCommand):
    help = "Efface les données personnelles d’une personne (sans --yes : affiche ce qui serait fait)."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="adresse e-mail du compte")
        parser.add_argument("--yes", action="store_true", help="confirme l’effacement (irréversible)")

    def handle(self, *args, email, yes, **options):
        user = person_by_email(email)
        if user.erased_at is not None:
            raise CommandError(_("Ce compte a déjà été effacé."))
        erased, kept = erasure.erasure_plan(user)
        self.stdout.write(_("Compte n° %(id)s (%(email)s)") % {"id": user.pk, "email": user.email})
        self._write(_("Sera effacé :"), erased, kept)
        if not yes:
            raise CommandError(_("Rien n’a été effacé : relancez avec --yes pour confirmer."))
        context = erasure.erase_person(user)
        self.stdout.write(self.style.SUCCESS(_("Compte n° %(id)s effacé.") % {"id": user.pk}))
        self._write(_("Effacé :"), context.erased, context.kept)

    def _write(self, title, erased, kept):
        self.stdout.write(title)
        for label in erased:
            self.stdout.write(f"  - {label}")
        self.stdout.write(_("Conservé :"))
        for item in kept:
            self.stdout.write(f"  - {item.label} — {item.basis} ({item.until})")
