"""Print an edition's badges into a PDF file (for scripts; the back-office does the same).

    manage.py badges 17 -o badges.pdf [--category SLUG] [--not-printed] [--layout a6|a4]

Each badge printed is a new one: the person's previous badge stops working.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rencontres.editions.models import Edition
from rencontres.onsite.domain.printing import batch, print_badges
from rencontres.onsite.models import BadgeSettings


class Command(BaseCommand):
    help = "Print the badges of an edition's confirmed participants into a PDF file."

    def add_arguments(self, parser):
        parser.add_argument("edition", type=int, help="number of the edition, e.g. 17")
        parser.add_argument("-o", "--output", required=True, help="PDF file to write")
        parser.add_argument("--category", help="only this registration category (its code)")
        parser.add_argument(
            "--not-printed", action="store_true", help="only people without a printed badge"
        )
        parser.add_argument(
            "--layout",
            choices=BadgeSettings.Layout.values,
            help="a6 (one per page) or a4 (sheets with cut marks); default: the edition's",
        )

    def handle(self, *args, **options):
        edition = Edition.objects.filter(number=options["edition"]).first()
        if edition is None:
            raise CommandError(f"No edition number {options['edition']}.")
        category = None
        if options["category"]:
            category = edition.categories.filter(code=options["category"]).first()
            if category is None:
                codes = ", ".join(edition.categories.values_list("code", flat=True))
                raise CommandError(
                    f"No category {options['category']!r} in edition {edition.number} "
                    f"(categories: {codes})."
                )
        people = batch(edition, category=category, not_printed=options["not_printed"])
        count = people.count()
        if not count:
            self.stderr.write("No badge to print: nobody with a place matches.")
            return
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(f"No folder {output.parent} to write {output.name} into.")
        description = " ".join(
            part
            for part in (
                f"category={category.code}" if category else "",
                "not-printed" if options["not_printed"] else "",
            )
            if part
        )
        pdf = print_badges(
            edition,
            people,
            layout=options["layout"],
            batch_name=f"manage.py badges {description}".strip(),
        )
        output.write_bytes(pdf)
        self.stdout.write(f"{count} badges written to {output}.")
