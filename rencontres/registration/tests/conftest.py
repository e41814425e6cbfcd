import pytest
from django.core.management import call_command

from rencontres.registration.models import Registration


@pytest.fixture
def edition(demo):
    """The upcoming demonstration edition, registration open."""
    return next(e for e in demo.values() if e.is_demo)


@pytest.fixture
def run_worker():
    """Run the task worker once over every task that is due (as `make run` does for ever)."""

    def run():
        call_command("db_worker", batch=True, queue_name="*", startup_delay=False, verbosity=0)

    return run


def form_data(edition, **overrides):
    data = {
        "civility": "mrs",
        "first_name": "Amina",
        "last_name": "Diallo",
        "email": "amina@example.org",
        "phone": "+221 33 000 00 00",
        "language": "fr",
        "category": edition.categories.get(code="elected").pk,
        "organisation": "Commune de démonstration",
        "organisation_type": "foreign_authority",
        "function": "Maire",
        "country": "SN",
        "city": "Dakar",
        "languages_spoken": "Français, wolof",
        "data_consent": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def make_registration(edition, email, status=Registration.Status.CONFIRMED, **fields):
    defaults = {
        "first_name": "Participant",
        "last_name": "de démonstration",
        "country": "FR",
        "category": edition.categories.get(code="elected"),
        "data_consent": True,
    }
    defaults.update(fields)
    return Registration.objects.create(edition=edition, email=email, status=status, **defaults)
