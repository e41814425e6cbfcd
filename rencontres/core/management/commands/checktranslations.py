"""Fail when a translatable string has no French translation (English is the source language).

Runs makemessages on a copy of each app (or in place with --update), then reads the French
catalogs: every entry must be translated and not fuzzy.
"""

import os
import shutil
import tempfile
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

APPS_DIR = Path(settings.BASE_DIR) / "rencontres"


def app_dirs():
    return sorted(path.parent for path in APPS_DIR.glob("*/locale") if path.is_dir())


def make_messages(app_dir):
    cwd = os.getcwd()
    try:
        os.chdir(app_dir)
        call_command(
            "makemessages",
            locale=["fr", "en"],
            no_location=True,
            no_obsolete=True,
            verbosity=0,
            ignore_patterns=["tests/*"],
        )
    finally:
        os.chdir(cwd)


def missing(po_path):
    catalog = polib.pofile(str(po_path))
    return [
        entry.msgid
        for entry in catalog
        if not entry.obsolete
        and (
            "fuzzy" in entry.flags
            or (entry.msgid_plural and not all(entry.msgstr_plural.values()))
            or (not entry.msgid_plural and not entry.msgstr)
        )
    ]


class Command(BaseCommand):
    help = "Check that every translatable string has its French translation."

    def add_arguments(self, parser):
        parser.add_argument(
            "--update", action="store_true", help="Update the .po files in place first."
        )

    def handle(self, *args, update=False, **options):
        problems = []
        for app_dir in app_dirs():
            if update:
                make_messages(app_dir)
                po = app_dir / "locale" / "fr" / "LC_MESSAGES" / "django.po"
            else:
                with tempfile.TemporaryDirectory() as tmp:
                    copy = Path(tmp) / app_dir.name
                    shutil.copytree(app_dir, copy, ignore=shutil.ignore_patterns("__pycache__"))
                    make_messages(copy)
                    po = copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"
                    problems += [(app_dir.name, msgid) for msgid in missing(po)]
                continue
            problems += [(app_dir.name, msgid) for msgid in missing(po)]
        for app, msgid in problems:
            self.stderr.write(f"{app}: no French translation for {msgid!r}")
        if problems:
            raise CommandError(
                f"{len(problems)} strings lack their French translation "
                "(run `make messages`, then translate rencontres/*/locale/fr/LC_MESSAGES/django.po)."
            )
        self.stdout.write("Every string has its French translation.")
