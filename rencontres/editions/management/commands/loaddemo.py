import importlib
import importlib.util

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from rencontres.editions import demo


class Command(BaseCommand):
    help = "Load the demo editions from the seed documents (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--upcoming",
            action="store_true",
            help="Also create a demonstration edition about two months from today.",
        )

    @transaction.atomic
    def handle(self, *args, upcoming=False, **options):
        editions = demo.load_editions()
        # Each app that has demo content (program, registration categories…) loads its own.
        for config in apps.get_app_configs():
            name = config.name
            if (
                name.startswith("rencontres.")
                and name != "rencontres.editions"
                and importlib.util.find_spec(f"{name}.demo")
            ):
                importlib.import_module(f"{name}.demo").load(editions)
        self.stdout.write(f"Demo editions: {', '.join(str(n) for n in sorted(editions))}")
        if upcoming:
            edition = demo.load_upcoming(editions[15])
            self.stdout.write(
                f"Demonstration edition {edition.number}: {edition.start_date} – {edition.end_date}"
            )
