from django.core.management.base import BaseCommand

from campaigns import figures


class Command(BaseCommand):
    help = "Recompute the dashboard's weekly rollups from posts and adoptions."

    def handle(self, **options):
        weeks = figures.rebuild()
        self.stdout.write(f"Rebuilt {weeks} weeks.")
