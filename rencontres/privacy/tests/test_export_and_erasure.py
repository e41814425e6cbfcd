"""Download of everything held about someone; erasure that keeps the edition's figures."""

import datetime
import io
import json
import zipfile

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from rencontres.audit.models import ActivityLog
from rencontres.cockpit.domain.figures import dashboard
from rencontres.cockpit.domain.press import computed
from rencontres.comms.models import Mail
from rencontres.editions.models import Edition
from rencontres.networking.models import Profile
from rencontres.privacy.domain import erasure, export
from rencontres.privacy.models import ErasureRequest
from rencontres.program.models import Attendance
from rencontres.registration.domain.registering import cancel
from rencontres.registration.models import Registration, RegistrationSettings, VisaRequest
from rencontres.testing.factories import RegistrationFactory

from .conftest import png
from .helpers import full_participant

pytestmark = pytest.mark.django_db


def read_zip(content):
    archive = zipfile.ZipFile(io.BytesIO(content))
    return archive, json.loads(archive.read("data.json"))


def test_the_zip_holds_every_app_s_data_and_the_photo(small_edition, private_root):
    registration = full_participant(small_edition)
    archive, data = read_zip(export.zip_bytes(registration))
    assert data["registration"]["email"] == "awa.diop@example.org"
    assert "access_key" not in data["registration"]
    assert data["answers"] == [{"question": "Votre projet ?", "answer": ["Un jumelage avec Thiès"]}]
    assert data["visa_request"]["passport_number"] == "A1234567"
    assert data["mails"][0]["body_text"].startswith("Bonjour Awa")
    assert len(data["attendances"]) == 1
    assert data["networking_profile"]["pitch_en"] == "We seek partners"
    consents = data["consent_records"]
    assert {c["kind"]["value"] for c in consents} >= {"data", "image"}
    assert "text_fr" in consents[0]["text"]
    photo = data["networking_profile"]["photo"]
    assert archive.read(photo) == png()
    assert data["missing_files"] == []


def end_edition(edition):
    past = timezone.localdate() - datetime.timedelta(days=10)
    Edition.objects.filter(pk=edition.pk).update(start_date=past, end_date=past)
    edition.refresh_from_db()


def test_erasure_after_the_event_keeps_every_figure_and_removes_the_person(
    small_edition, private_root
):
    registration = full_participant(small_edition, organisation_type="company", country="SN")
    RegistrationFactory.create_batch(3, edition=small_edition)
    end_edition(small_edition)
    photo = Profile.objects.get(registration=registration).photo
    photo_path = private_root / photo.name
    assert photo_path.exists()
    organiser = User.objects.create_user("dpo", is_staff=True)
    before = (dashboard(small_edition), computed(small_edition))

    assert erasure.anonymise(registration, actor=organiser, reason="asked by mail")

    after = (dashboard(small_edition), computed(small_edition))
    for name in before[0].__dataclass_fields__:
        assert getattr(after[0], name) == getattr(before[0], name), name
    assert after == before
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED  # attendance stays
    assert (registration.first_name, registration.phone, registration.organisation) == ("", "", "")
    assert "awa" not in registration.email and registration.accessibility_needs == ""
    assert registration.answers == {}
    assert (registration.country, registration.organisation_type) == ("SN", "company")
    assert not photo_path.exists()
    profile = Profile.objects.get(registration=registration)
    assert (profile.photo.name, profile.pitch_en, profile.opted_in) == ("", "", False)
    assert not VisaRequest.objects.filter(registration=registration).exists()
    mail = Mail.objects.get(registration=registration)
    assert (mail.body_text, mail.body_html, mail.subject) == ("", "", "")
    assert Attendance.objects.filter(registration=registration).exists()
    log = ActivityLog.objects.get(action="privacy.erase")
    assert (log.actor, log.reason) == (organiser, "asked by mail")
    assert "Diop" not in log.object_repr
    assert ErasureRequest.objects.get(registration=registration).status == "done"
    assert not erasure.anonymise(registration)  # once


def test_erasure_before_the_event_ends_the_place_and_promotes_the_waiting_list(
    small_edition, private_root
):
    RegistrationSettings.objects.update_or_create(edition=small_edition, defaults={"capacity": 1})
    registration = full_participant(small_edition)
    waiting = RegistrationFactory(
        edition=small_edition, status="waiting", waiting_since=timezone.now()
    )
    erasure.anonymise(registration)
    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert not Attendance.objects.filter(registration=registration).exists()
    assert waiting.status == Registration.Status.CONFIRMED
    # The erased address gets no mail; the promoted person does.
    assert not Mail.objects.filter(to__contains="awa").exclude(body_text="").exists()
    assert Mail.objects.filter(registration=waiting).exists()


def test_asking_then_scheduling_at_the_end_of_the_event(small_edition, private_root):
    registration = full_participant(small_edition)
    request = erasure.ask(registration)
    assert erasure.ask(registration) == request
    organiser = User.objects.create_user("dpo", is_staff=True)
    assert erasure.schedule(request, organiser)
    request.refresh_from_db()
    assert request.scheduled_for == small_edition.end_date + datetime.timedelta(days=1)
    assert list(erasure.due(small_edition.end_date)) == []
    assert list(erasure.due(request.scheduled_for)) == [request]
    actions = set(ActivityLog.objects.values_list("action", flat=True))
    assert actions == {"privacy.erasure_requested", "privacy.erasure_scheduled"}


def test_a_cancelled_registration_is_erased_too(small_edition, private_root):
    registration = full_participant(small_edition)
    cancel(registration)
    assert erasure.anonymise(registration)
    registration.refresh_from_db()
    assert registration.last_name == "—"


def test_erasure_reaches_the_invitation_and_the_exhibitors_leads(small_edition, private_root):
    from rencontres.partners.models import Lead, PartnerSpace
    from rencontres.registration.domain import invitations

    category = small_edition.categories.get(code="elected")
    invitation = invitations.invite(
        small_edition,
        actor=None,
        category=category,
        email="ministre@example.org",
        first_name="Awa",
        last_name="Diop",
        language="fr",
        form_of_address="Madame la Ministre",
        protocol_notes="Arrive avec sa délégation",
        phone="+221 33 000 00 00",
    )
    guest = invitations.accept(
        invitation,
        {
            **invitation.prefill,
            "first_name": "Awa",
            "last_name": "Diop",
            "country": "SN",
            "data_consent": True,
        },
    )
    partner = small_edition.partners.create(name="Exposant", role="partner")
    space = PartnerSpace.objects.create(partner=partner, is_exhibitor=True, contact_email="e@x.org")
    Lead.objects.create(space=space, registration=guest)

    assert erasure.anonymise(guest)

    invitation.refresh_from_db()
    kept = (invitation.first_name, invitation.form_of_address, invitation.protocol_notes)
    assert kept == ("", "", "") and "ministre" not in invitation.email
    assert invitation.prefill == {} and invitation.category == category
    assert not Lead.objects.filter(registration=guest).exists()
