"""Plainly fake participants with networking profiles and meeting requests on the
demonstration edition, to try the directory, suggestions and the scheduler (idempotent)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from rencontres.editions.models import Edition
from rencontres.networking.models import MeetingRequest, Profile, Theme

# first name, last name, organisation, type, country, themes, offers, seeks, cooperating
PEOPLE = [
    (
        "Alice",
        "Exemple",
        "Commune fictive A",
        "commune",
        "FR",
        ["water", "climate"],
        ["water"],
        ["culture"],
        ["CM", "SN"],
    ),
    (
        "Bruno",
        "Exemple",
        "Département fictif B",
        "departement",
        "FR",
        ["education", "youth"],
        ["education"],
        ["health"],
        ["CM"],
    ),
    (
        "Chloé",
        "Exemple",
        "Région fictive C",
        "region",
        "FR",
        ["economic-development"],
        ["economic-development"],
        ["local-governance"],
        ["MA"],
    ),
    (
        "Daniel",
        "Exemple",
        "Intercommunalité fictive D",
        "intercommunality",
        "FR",
        ["crisis-response"],
        ["crisis-response"],
        ["water"],
        ["UA"],
    ),
    (
        "Emma",
        "Exemple",
        "Association fictive E",
        "association",
        "FR",
        ["health", "youth"],
        ["health"],
        ["education"],
        [],
    ),
    (
        "Fatou",
        "Exemple",
        "Commune fictive F",
        "foreign_authority",
        "SN",
        ["water", "local-governance"],
        ["local-governance"],
        ["water"],
        [],
    ),
    (
        "Georges",
        "Exemple",
        "Commune fictive G",
        "foreign_authority",
        "CM",
        ["education", "water"],
        [],
        ["education", "water"],
        [],
    ),
    (
        "Hélène",
        "Exemple",
        "Commune fictive G",
        "foreign_authority",
        "CM",
        ["education"],
        [],
        ["education"],
        [],
    ),
    (
        "Ibrahim",
        "Exemple",
        "Région fictive I",
        "foreign_authority",
        "MA",
        ["economic-development", "culture"],
        ["culture"],
        ["economic-development"],
        [],
    ),
    (
        "Julia",
        "Exemple",
        "Ville fictive J",
        "foreign_authority",
        "UA",
        ["crisis-response", "health"],
        [],
        ["crisis-response"],
        [],
    ),
    (
        "Karim",
        "Exemple",
        "Partenaire fictif K",
        "international",
        "BE",
        ["local-governance", "climate"],
        ["climate"],
        [],
        [],
    ),
    (
        "Léa",
        "Exemple",
        "Commune fictive L",
        "commune",
        "FR",
        ["culture", "youth"],
        ["culture"],
        ["youth"],
        ["MA", "SN"],
    ),
]
# (requester index, invited index, status, priority); 6 and 7 form a delegation.
REQUESTS = [
    (5, 0, "accepted", 1),
    (6, 1, "accepted", 3),
    (8, 2, "accepted", 1),
    (9, 3, "accepted", 1),
    (4, 1, "accepted", 1),
    (10, 0, "accepted", 1),
    (11, 8, "accepted", 1),
    (5, 10, "pending", 1),
    (0, 7, "pending", 1),
    (2, 9, "declined", 1),
]


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    @transaction.atomic
    def handle(self, *args, **options):
        from rencontres.registration.models import Delegation, Registration

        edition = Edition.objects.filter(is_demo=True).order_by("-number").first()
        if edition is None:
            raise CommandError("No demonstration edition: run `manage.py loaddemo --upcoming`.")
        category = edition.categories.order_by("order").first()
        if category is None:
            raise CommandError("The demonstration edition has no registration category.")
        people = []
        delegation = None
        for index, (
            first,
            last,
            organisation,
            kind,
            country,
            themes,
            offers,
            seeks,
            coop,
        ) in enumerate(PEOPLE):
            if index in (6, 7) and delegation is None:
                delegation, _created = Delegation.objects.get_or_create(
                    edition=edition, name="Délégation fictive G", defaults={"country": "CM"}
                )
            person, _created = Registration.objects.get_or_create(
                edition=edition,
                # ASCII: most SMTP servers refuse "léa.11@…" (no SMTPUTF8), and Django's
                # form would too.
                email=f"{slugify(first)}.{index}@example.org",
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "organisation": organisation,
                    "organisation_type": kind,
                    "country": country,
                    "category": category,
                    "status": Registration.Status.CONFIRMED,
                    "data_consent": True,
                    "delegation": delegation if index in (6, 7) else None,
                },
            )
            profile, created = Profile.objects.get_or_create(
                registration=person,
                defaults={
                    "opted_in": True,
                    "languages": "fr,en" if index % 2 else "fr",
                    "cooperating_countries": coop,
                    "pitch_fr": f"Profil de démonstration : {organisation} (fictif).",
                    "pitch_en": f"Demonstration profile: {organisation} (not real).",
                },
            )
            if created:
                profile.themes.set(Theme.objects.filter(slug__in=themes))
                profile.offers.set(Theme.objects.filter(slug__in=offers))
                profile.seeks.set(Theme.objects.filter(slug__in=seeks))
            people.append(person)
        if not MeetingRequest.objects.filter(edition=edition).exists():
            for a, b, status, priority in REQUESTS:
                request = MeetingRequest.objects.create(
                    edition=edition,
                    requester=people[a],
                    status=status,
                    priority=priority,
                    message="Demande de démonstration.",
                )
                request.party_a.set([people[a], people[7]] if a == 6 else [people[a]])
                request.party_b.set([people[b]])
        self.stdout.write(
            f"B2B demonstration on edition {edition.number}: {len(people)} fake participants."
        )
