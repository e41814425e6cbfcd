"""50 people at once for the last 5 places: exactly 5 get them, 45 wait (SQLite and PostgreSQL)."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from conftest import make_registration
from rencontres.registration import notify
from rencontres.registration.models import Registration, RegistrationSettings

from .conftest import form_data

PEOPLE = 50
LAST_PLACES = 5


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_registrations_for_the_last_five_places(small_edition, settings):
    settings.REGISTRATION_RATE_PER_IP = "1000/m"
    RegistrationSettings.objects.create(edition=small_edition, capacity=20)
    for n in range(20 - LAST_PLACES):
        make_registration(small_edition, f"already{n}@example.org")
    url = reverse("registration:register", kwargs={"number": small_edition.number})
    barrier = threading.Barrier(PEOPLE)
    failures = []

    def participant(n):
        try:
            client = Client()
            email = f"rush{n}@example.org"
            barrier.wait()
            response = client.post(url, form_data(small_edition, email=email))
            assert response.status_code == 302, response.status_code
            registration = Registration.objects.get(email=email)
            confirm = reverse(
                "registration:confirm_email", kwargs={"token": notify.confirm_token(registration)}
            )
            response = client.post(confirm)
            assert response.status_code == 302, response.status_code
        except Exception as error:  # noqa: BLE001 -- collected and asserted below
            failures.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=participant, args=(n,)) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    rush = Registration.objects.filter(email__startswith="rush")
    assert rush.count() == PEOPLE
    assert rush.filter(status=Registration.Status.CONFIRMED).count() == LAST_PLACES
    assert rush.filter(status=Registration.Status.WAITING).count() == PEOPLE - LAST_PLACES
    positions = sorted(r.waiting_position for r in rush.filter(status="waiting"))
    assert positions == list(range(1, PEOPLE - LAST_PLACES + 1))
