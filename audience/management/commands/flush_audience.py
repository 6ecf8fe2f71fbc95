from django.core.management.base import BaseCommand

from audience import buffer


class Command(BaseCommand):
    help = "Écrit dans la base les pages vues en attente dans le cache (mesure d’audience)."

    def handle(self, *args, **options):
        written = buffer.flush()
        self.stdout.write(f"Mesure d’audience : {written} page(s) vue(s) écrite(s).")
