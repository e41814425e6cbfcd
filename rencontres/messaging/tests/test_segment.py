import pytest

from rencontres.messaging.domain.segment import onsite_installed, recipients
from rencontres.messaging.models import Unsubscription
from rencontres.networking.models import Meeting
from rencontres.program.models import Session
from rencontres.registration.models import Choice, Question
from rencontres.testing.factories import (
    AttendanceFactory,
    MeetingRequestFactory,
    RegistrationFactory,
    delegation,
)

pytestmark = pytest.mark.django_db


def ids(queryset):
    return set(queryset.values_list("pk", flat=True))


def test_without_filters_everyone_still_registered(small_edition, people):
    assert ids(recipients(small_edition, {})) == {r.pk for r in people["fr"] + people["en"]}
    assert ids(recipients(small_edition, {"status": ["cancelled"]})) == {people["cancelled"].pk}


def test_language_country_category_and_type(small_edition, people):
    assert ids(recipients(small_edition, {"language": ["en"]})) == {r.pk for r in people["en"]}
    assert ids(recipients(small_edition, {"country": ["GB"]})) == {r.pk for r in people["en"]}
    press = small_edition.categories.get(code="press")
    journalist = RegistrationFactory(
        edition=small_edition, category=press, organisation_type="press"
    )
    assert ids(recipients(small_edition, {"category": [press.pk]})) == {journalist.pk}
    assert ids(recipients(small_edition, {"organisation_type": ["press"]})) == {journalist.pk}


def test_coordinators_session_and_b2b(small_edition, people):
    group = delegation(small_edition, size=3)
    assert ids(recipients(small_edition, {"coordinators": True})) == {group.coordinator_id}
    session = Session.objects.filter(edition=small_edition).first()
    AttendanceFactory(session=session, registration=people["fr"][0])
    AttendanceFactory(session=session, registration=people["fr"][1], status="waiting")
    assert ids(recipients(small_edition, {"session": session.pk})) == {people["fr"][0].pk}
    request = MeetingRequestFactory(requester=people["en"][0], party_b=[people["en"][1]])
    Meeting.objects.create(
        request=request, edition=small_edition, start=session.start, end=session.end, table=1
    )
    with_b2b = ids(recipients(small_edition, {"b2b": "with"}))
    assert with_b2b == {people["en"][0].pk, people["en"][1].pk}
    assert not with_b2b & ids(recipients(small_edition, {"b2b": "without"}))


def test_answers_to_a_question(small_edition, people):
    question = Question.objects.create(edition=small_edition, label="Atelier ?", kind="single")
    water = Choice.objects.create(question=question, label_fr="Eau", label_en="Water")
    people["fr"][0].answers = {str(question.pk): str(water.pk)}
    people["fr"][0].save()
    segment = {"question": question.pk, "answer": "water"}
    assert ids(recipients(small_edition, segment)) == {people["fr"][0].pk}
    assert ids(recipients(small_edition, {"question": question.pk})) == {people["fr"][0].pk}
    assert not recipients(small_edition, {"question": question.pk, "answer": "Air"}).exists()


def test_unsubscribed_addresses_get_no_information(small_edition, people):
    person = people["fr"][0]
    Unsubscription.objects.create(edition=small_edition, email=person.email.upper().lower())
    assert person.pk not in ids(recipients(small_edition, {}, information=True))
    assert person.pk in ids(recipients(small_edition, {}))


# Check-in belongs to the on-site app: its filter is tested where that app is installed.
if onsite_installed():

    def test_checked_in(small_edition, people):
        import uuid

        from rencontres.onsite.domain.checkin import scan

        entered = scan(small_edition, client_id=uuid.uuid4(), registration_id=people["fr"][0].pk)
        assert entered.check_in is not None
        assert ids(recipients(small_edition, {"checked_in": "yes"})) == {people["fr"][0].pk}
        assert people["fr"][0].pk not in ids(recipients(small_edition, {"checked_in": "no"}))
