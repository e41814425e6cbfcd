import pytest
from django.contrib.auth.models import Permission

from rencontres.testing.factories import RegistrationFactory


@pytest.fixture
def people(small_edition):
    """Three French and two English speakers with a place, one cancelled person."""
    french = RegistrationFactory.create_batch(3, edition=small_edition, language="fr")
    french[0].civility, french[0].last_name = "mrs", "Diallo"
    french[0].save()
    english = RegistrationFactory.create_batch(
        2, edition=small_edition, language="en", country="GB", first_name="Mary", last_name="Dubois"
    )
    cancelled = RegistrationFactory(edition=small_edition, status="cancelled")
    return {"fr": french, "en": english, "cancelled": cancelled}


@pytest.fixture
def organiser(django_user_model):
    """Staff allowed to write and send messages (no superuser: the permission is what counts)."""
    user = django_user_model.objects.create_user(
        "organiser", "organiser@example.org", "secret-pass-123", is_staff=True
    )
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="messaging",
            codename__in=["add_message", "change_message", "view_message", "send_message"],
        )
    )
    return user


@pytest.fixture(autouse=True)
def unthrottled(settings):
    """Mails of a message are spread over time; tests send them all at once with the worker."""
    settings.MESSAGING_MAILS_PER_SECOND = 100_000
