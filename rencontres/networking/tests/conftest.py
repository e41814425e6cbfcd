import pytest

from rencontres.networking.models import Profile, SchedulerSettings, Theme
from rencontres.registration.access import login_url_for
from rencontres.registration.tests import conftest as registration_fixtures
from rencontres.registration.tests.conftest import make_registration

run_worker = registration_fixtures.run_worker


@pytest.fixture
def b2b(demo):
    """The demonstration edition (its program has B2B blocks), quick runs, few tables."""
    edition = next(e for e in demo.values() if e.is_demo)
    SchedulerSettings.objects.update_or_create(
        edition=edition, defaults={"time_limit": 2, "tables": 3, "max_meetings": 4}
    )
    return edition


def participant(edition, email, *, themes=(), offers=(), seeks=(), opted_in=True, **fields):
    """A confirmed registration with a networking profile."""
    first, _, last = email.partition("@")[0].partition(".")
    fields.setdefault("first_name", first.capitalize())
    fields.setdefault("last_name", (last or "Test").capitalize())
    registration = make_registration(edition, email, **fields)
    profile = Profile.objects.create(registration=registration, opted_in=opted_in)
    profile.themes.set(Theme.objects.filter(slug__in=themes))
    profile.offers.set(Theme.objects.filter(slug__in=offers))
    profile.seeks.set(Theme.objects.filter(slug__in=seeks))
    return registration


def log_in(client, registration, url_name="networking:directory"):
    response = client.get(login_url_for(registration, url_name))
    assert response.status_code == 302
    return response
