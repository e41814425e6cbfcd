import itertools

import pytest
from django.core.management import call_command

from rencontres.registration.access import login_url_for
from rencontres.registration.models import Registration

_emails = itertools.count(1)


@pytest.fixture
def edition(demo):
    """The upcoming demonstration edition: a copy of the 2024 program, sign-up open."""
    return next(e for e in demo.values() if e.is_demo)


@pytest.fixture
def run_worker():
    def run():
        call_command("db_worker", batch=True, queue_name="*", startup_delay=False, verbosity=0)

    return run


def person(edition, status=Registration.Status.CONFIRMED, **fields):
    number = next(_emails)
    defaults = {
        "first_name": f"Prénom{number}",
        "last_name": f"Nom{number}",
        "email": f"participant{number}@example.org",
        "country": "SN",
        "category": edition.categories.first(),
        "data_consent": True,
    }
    defaults.update(fields)
    return Registration.objects.create(edition=edition, status=status, **defaults)


def log_in(client, registration, path_name="program:my_sessions"):
    response = client.get(login_url_for(registration, path_name), follow=True)
    assert response.status_code == 200
    return response


def workshops(edition):
    """The demo edition's first block: three parallel sessions that need sign-up."""
    from rencontres.program.models import Session

    sessions = Session.objects.filter(edition=edition, signup_required=True).order_by(
        "start", "order"
    )
    return list(sessions)
