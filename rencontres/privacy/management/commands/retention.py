from django.core.management.base import BaseCommand

from rencontres.privacy import tasks
from rencontres.privacy.domain import retention


class Command(BaseCommand):
    help = "Apply the retention periods now, or list what they would erase (--dry-run)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List only, erase nothing.")
        parser.add_argument(
            "--start", action="store_true", help="Queue the daily task (once) and return."
        )

    def handle(self, *args, dry_run=False, start=False, **options):
        if start:
            queued = tasks.start()
            self.stdout.write("daily retention task queued" if queued else "already queued")
            return
        result = retention.plan() if dry_run else retention.apply()
        verb = "would erase" if dry_run else "erased"
        if result.empty:
            self.stdout.write(f"nothing to erase on {result.today}")
        for request in result.erasures:
            self.stdout.write(
                f"{verb}: registration {request.registration.pk} "
                f"(erasure asked, scheduled for {request.scheduled_for})"
            )
        for found in result.editions:
            self.stdout.write(
                f"{found.edition}: {verb} passport data of {found.passports} visa requests, "
                f"{found.people} participants, the text of {found.mails} mails"
            )
