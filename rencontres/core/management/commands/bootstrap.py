import secrets

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from rencontres.editions.models import Edition


class Command(BaseCommand):
    help = "First start: load the demo editions when the database is empty, create an organiser."

    def handle(self, *args, **options):
        if not Edition.objects.exists():
            call_command("loaddemo", upcoming=True, stdout=self.stdout)
            # Fake participants and B2B requests on the demonstration edition only.
            call_command("loaddemo_b2b", stdout=self.stdout)
        # The nightly retention task re-queues itself; this queues the first run once.
        call_command("retention", start=True, stdout=self.stdout)
        User = get_user_model()
        if not User.objects.filter(is_superuser=True).exists():
            password = secrets.token_urlsafe(12)
            User.objects.create_superuser("organisateur", "organisateur@localhost", password)
            # Printed once: it is stored nowhere else in clear.
            self.stdout.write(
                self.style.SUCCESS(
                    "Organiser account created. Back-office: http://127.0.0.1:8000/admin/\n"
                    f"  login: organisateur\n  password: {password}"
                )
            )
