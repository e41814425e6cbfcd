import pytest

from conftest import make_registration
from rencontres.networking.models import Profile, SchedulerSettings, Theme
from rencontres.registration.access import login_url_for
from rencontres.testing.factories import SchedulerSettingsFactory


@pytest.fixture
def b2b(edition):
    """The demonstration edition (its program has B2B blocks), quick runs, few tables."""
    SchedulerSettings.objects.update_or_create(
        edition=edition, defaults={"time_limit": 2, "tables": 3, "max_meetings": 4}
    )
    return edition


@pytest.fixture
def small_b2b(small_edition):
    """A factory-built edition shaped like the demonstration one (B2B blocks beside the
    workshops and the Cafés), with the same quick settings as `b2b`."""
    SchedulerSettingsFactory(edition=small_edition)
    return small_edition


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
