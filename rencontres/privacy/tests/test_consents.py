"""Consents: recorded with their text on registering, given and withdrawn through one
function that makes the change true at once everywhere it is read."""

import pytest
from django.urls import reverse

from rencontres.messaging.domain import send
from rencontres.messaging.models import Unsubscription
from rencontres.networking.models import Profile
from rencontres.privacy.domain import PrivacyError
from rencontres.privacy.domain.consents import next_version, set_consent, states
from rencontres.privacy.models import Consent, ConsentRecord, ConsentText
from rencontres.registration.domain.registering import register
from rencontres.testing.factories import ProfileFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def data(edition, **fields):
    return {
        "first_name": "Awa",
        "last_name": "Diop",
        "email": "awa@example.org",
        "country": "SN",
        "category": edition.categories.get(code="elected"),
        "data_consent": True,
        "image_consent": True,
        "exhibitor_consent": False,
        **fields,
    }


def test_registering_records_each_consent_with_the_text_shown(small_edition):
    registration, _created = register(small_edition, data(small_edition))
    records = {r.kind: r for r in registration.consent_records.select_related("text")}
    assert set(records) == {"data", "image", "directory", "exhibitor"}
    assert records["image"].given and not records["exhibitor"].given
    assert records["data"].text.version == 1
    assert records["data"].text.text_fr.startswith("J")
    assert "personal data" in records["data"].text.text_en


def test_the_form_shows_the_current_text_and_a_new_version_is_recorded(small_edition, client):
    ConsentText.objects.create(
        kind=Consent.EXHIBITOR,
        version=next_version(Consent.EXHIBITOR),
        text_fr="Texte v2 exposants",
        text_en="Exhibitors v2 text",
    )
    page = client.get(reverse("registration:register", args=[small_edition.number]))
    assert "Texte v2 exposants" in page.text
    assert 'name="exhibitor_consent"' in page.text
    registration, _created = register(small_edition, data(small_edition, exhibitor_consent=True))
    record = registration.consent_records.get(kind=Consent.EXHIBITOR)
    assert record.given and record.text.version == 2


def test_withdrawing_the_directory_takes_the_b2b_profile_out_at_once(small_edition):
    profile = ProfileFactory(
        registration=RegistrationFactory(edition=small_edition, directory_consent=True),
        opted_in=True,
    )
    assert Profile.objects.listed(small_edition).filter(pk=profile.pk).exists()
    set_consent(profile.registration, Consent.DIRECTORY, False)
    assert not Profile.objects.listed(small_edition).filter(pk=profile.pk).exists()
    profile.registration.refresh_from_db()
    assert profile.registration.directory_consent is False
    record = profile.registration.consent_records.filter(kind=Consent.DIRECTORY).first()
    assert (record.given, record.source) == (False, "personal_space")
    set_consent(profile.registration, Consent.DIRECTORY, True)
    assert Profile.objects.listed(small_edition).filter(pk=profile.pk).exists()


def test_information_mails_follow_the_unsubscriptions_both_ways(small_edition):
    registration = RegistrationFactory(edition=small_edition)
    set_consent(registration, Consent.INFORMATION, False)
    assert Unsubscription.objects.filter(edition=small_edition, email=registration.email).exists()
    set_consent(registration, Consent.INFORMATION, True)
    assert not Unsubscription.objects.filter(edition=small_edition).exists()
    # The mail's own link is recorded in the same history.
    send.unsubscribe(small_edition.pk, registration.email)
    last = registration.consent_records.filter(kind=Consent.INFORMATION).first()
    assert (last.given, last.source) == (False, "unsubscribe")
    assert ConsentRecord.objects.filter(kind=Consent.INFORMATION).count() == 3


def test_exhibitor_and_image_consents_are_the_fields_others_read(small_edition):
    registration = RegistrationFactory(edition=small_edition)
    set_consent(registration, Consent.EXHIBITOR, True)
    set_consent(registration, Consent.IMAGE, True)
    registration.refresh_from_db()
    assert registration.exhibitor_consent and registration.image_consent
    given = {s["kind"]: s["given"] for s in states(registration)}
    assert given == {
        "data": True,
        "image": True,
        "directory": False,
        "exhibitor": True,
        "information": True,
    }


def test_the_data_consent_is_withdrawn_by_erasure_not_by_a_button(small_edition):
    registration = RegistrationFactory(edition=small_edition)
    with pytest.raises(PrivacyError):
        set_consent(registration, Consent.DATA, False)
