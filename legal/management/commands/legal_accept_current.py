"""Record that a person accepted every document in force (demo and benchmark set-up).

The bench's "gate steady state" scenario logs in as a demo user who must not be redirected:
    manage.py legal_accept_current --email editeur@psyconsult.example
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from legal import selectors, services
from legal.models import Acceptance, kinds_for


class Command(BaseCommand):
    help = "Enregistre l'acceptation de tous les documents en vigueur par une personne (démo, bench)."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)

    def handle(self, *args, email, **options):
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"Aucun compte pour {email}.")
        recorded = 0
        for kind in kinds_for(is_practitioner=getattr(user, "is_practitioner", False)):
            version = selectors.current_version_for_kind(kind, "fr")
            if version is None:
                continue
            _row, created = services.record_acceptance(
                version=version, context=Acceptance.Context.REACCEPTANCE, user=user
            )
            recorded += created
        self.stdout.write(f"{recorded} acceptation(s) enregistrée(s) pour {email}.")
