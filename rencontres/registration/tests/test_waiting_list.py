"""A waiting person is never skipped, nobody gets stuck: the domain functions called directly."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from conftest import make_registration
from rencontres.audit.models import ActivityLog
from rencontres.comms.models import Mail
from rencontres.registration.domain import RegistrationError, decisions, registering
from rencontres.registration.models import Registration, RegistrationSettings

from .test_places import mails_to, person, register_and_confirm

S = Registration.Status


@pytest.fixture
def organiser(db):
    return get_user_model().objects.create_user("organiser", password="x", is_staff=True)


@pytest.fixture
def full(edition):
    """Capacity 2, both places taken, then three people waiting: c, a delegation (d + d1), e."""
    RegistrationSettings.objects.create(edition=edition, capacity=2)
    make_registration(edition, "a@example.org", email_confirmed_at=timezone.now())
    make_registration(edition, "b@example.org", email_confirmed_at=timezone.now())
    register_and_confirm(edition, "c@example.org")
    coordinator, _ = registering.register(
        edition,
        person(edition, "d@example.org"),
        members=[{"first_name": "M", "last_name": "1", "email": "d1@example.org"}],
    )
    registering.confirm_email(coordinator)
    register_and_confirm(edition, "e@example.org")
    assert set(
        Registration.objects.filter(edition=edition).waiting().values_list("email", flat=True)
    ) == {
        "c@example.org",
        "d@example.org",
        "d1@example.org",
        "e@example.org",
    }
    return edition


def status(email):
    return Registration.objects.get(email=email).status


@pytest.mark.django_db
def test_raising_the_capacity_promotes_in_order_a_delegation_whole(full, organiser):
    promoted = decisions.set_capacity(full, 4, organiser)
    # c first; the delegation (2) does not fit in the one place left, e does.
    assert [r.email for r in promoted] == ["c@example.org", "e@example.org"]
    assert (status("d@example.org"), status("d1@example.org")) == (S.WAITING, S.WAITING)
    assert "Votre inscription est confirmée" in mails_to("c@example.org")[-1]
    decisions.set_capacity(full, 6, organiser)
    assert (status("d@example.org"), status("d1@example.org")) == (S.CONFIRMED, S.CONFIRMED)
    log = ActivityLog.objects.filter(action="registration.set_capacity").first()
    assert log.actor == organiser and log.data == {"old": 4, "new": 6}


@pytest.mark.django_db
def test_lowering_the_capacity_below_the_places_given_is_refused(full, organiser):
    with pytest.raises(RegistrationError, match="2 personnes ont déjà une place"):
        decisions.set_capacity(full, 1, organiser)
    assert full.registration_settings.capacity == 2
    decisions.set_capacity(full, 2, organiser)


@pytest.mark.django_db
def test_a_newcomer_never_takes_a_place_someone_waits_for(full):
    # A capacity raised behind the rules' back (as before this fix, with no promotion).
    RegistrationSettings.objects.filter(edition=full).update(capacity=3)
    newcomer = register_and_confirm(full, "new@example.org")
    assert status("c@example.org") == S.CONFIRMED, "the first one waiting got the free place"
    assert newcomer.status == S.WAITING
    assert newcomer.waiting_position == 3, "behind the delegation (one unit) and e"


@pytest.mark.django_db
def test_raising_a_quota_promotes_and_lowering_it_is_refused(edition, organiser):
    press = edition.categories.get(code="press")
    decisions.set_quota(press, 1, organiser)
    registration, _ = registering.register(edition, person(edition, "p1@example.org", "press"))
    first = registering.confirm_email(registration)
    registration, _ = registering.register(edition, person(edition, "p2@example.org", "press"))
    second = registering.confirm_email(registration)
    assert (first.status, second.status) == (S.PENDING_APPROVAL, S.WAITING)
    with pytest.raises(RegistrationError, match="1 personne a déjà une place"):
        decisions.set_quota(press, 0, organiser)
    assert decisions.set_quota(press, 2, organiser) == [second]
    assert status("p2@example.org") == S.PENDING_APPROVAL


@pytest.mark.django_db
def test_give_a_place_now_needs_a_reason_and_is_recorded(full, organiser):
    with pytest.raises(RegistrationError, match="motif"):
        decisions.give_place(Registration.objects.get(email="d1@example.org"), organiser, " ")
    given = decisions.give_place(
        Registration.objects.get(email="d1@example.org"), organiser, "Maire invité"
    )
    assert {r.email for r in given} == {"d@example.org", "d1@example.org"}, "delegation whole"
    holding = Registration.objects.filter(edition=full).holding_places()
    assert holding.count() == 4 and holding.filter(over_limit=True).count() == 2
    log = ActivityLog.objects.filter(action="registration.give_place")
    assert log.count() == 2 and {entry.reason for entry in log} == {"Maire invité"}
    assert "Votre inscription est confirmée" in mails_to("d1@example.org")[-1]
    # A place given over the limit frees nothing when it ends: c still waits.
    registering.cancel(Registration.objects.get(email="d@example.org"))
    assert status("c@example.org") == S.WAITING


@pytest.mark.django_db
def test_move_within_the_waiting_list(full, organiser):
    e = Registration.objects.get(email="e@example.org")
    assert e.waiting_position == 3
    assert decisions.move_in_waiting_list(e, organiser, position=1) == 1
    e.refresh_from_db()
    assert e.waiting_position == 1
    c = Registration.objects.get(email="c@example.org")
    assert decisions.move_in_waiting_list(c, organiser, step=1) == 3
    assert [u[0].email for u in decisions.waiting_units(full)] == [
        "e@example.org",
        "d@example.org",
        "c@example.org",
    ]
    decisions.set_capacity(full, 3, organiser)
    assert status("e@example.org") == S.CONFIRMED and status("c@example.org") == S.WAITING
    with pytest.raises(RegistrationError):
        decisions.move_in_waiting_list(e, organiser, step=-1)
    assert ActivityLog.objects.filter(action="registration.move_waiting").count() == 2


@pytest.mark.django_db
def test_reactivate_goes_through_the_place_rules(full, organiser):
    a = Registration.objects.get(email="a@example.org")
    registering.cancel(a)
    assert status("c@example.org") == S.CONFIRMED
    decisions.reactivate(a, organiser)
    a.refresh_from_db()
    assert a.status == S.WAITING and a.waiting_position == 3, "at the end of the list"
    last_mail = Mail.objects.filter(to="a@example.org").order_by("pk").last()
    assert "ont réactivé votre inscription" in last_mail.body_text
    with pytest.raises(RegistrationError):
        decisions.reactivate(a, organiser)
    assert ActivityLog.objects.filter(action="registration.reactivate", object_id=str(a.pk))


@pytest.mark.django_db
def test_someone_cancelled_registers_again_and_the_old_record_stays(full, organiser):
    c = Registration.objects.get(email="c@example.org")
    registering.cancel(c)
    again, created = registering.register(full, person(full, "C@example.org"))
    assert created and again.pk != c.pk
    assert Registration.objects.filter(email__iexact="c@example.org").count() == 2
    with pytest.raises(RegistrationError, match="inscrit"):
        decisions.reactivate(c, organiser)
    # The same address twice while live is still refused by the database.
    _, created = registering.register(full, person(full, "c@example.org"))
    assert not created


@pytest.mark.django_db
def test_registering_again_unconfirmed_sends_a_fresh_confirmation(edition, organiser):
    first, _ = registering.register(edition, person(edition, "u@example.org"))
    registering.register(edition, person(edition, "u@example.org"))
    templates = list(Mail.objects.filter(to="u@example.org").values_list("template", flat=True))
    assert templates == ["registration/mail/confirm_email"] * 2
    assert (
        decisions.remind_unconfirmed(Registration.objects.filter(edition=edition), organiser) == 1
    )
    assert Mail.objects.filter(to="u@example.org").count() == 3
    decisions.mark_email_confirmed(first, organiser)
    first.refresh_from_db()
    assert first.status == S.CONFIRMED and first.email_confirmed_at is not None
    with pytest.raises(RegistrationError):
        decisions.resend_confirmation(first, organiser)


@pytest.mark.django_db
def test_delegation_members_confirm_their_own_address(edition):
    coordinator, _ = registering.register(
        edition,
        person(edition, "coord@example.org"),
        members=[{"first_name": "M", "last_name": "1", "email": "m1@example.org"}],
    )
    member = Registration.objects.get(email="m1@example.org")
    registering.confirm_email(member)
    member.refresh_from_db()
    assert member.status == S.PENDING_EMAIL, "a member is never placed without the group"
    registering.confirm_email(coordinator)
    member.refresh_from_db()
    assert member.status == S.CONFIRMED and member.email_confirmed_at is not None
    other, _ = registering.register(
        edition,
        person(edition, "coord2@example.org"),
        members=[{"first_name": "M", "last_name": "2", "email": "m2@example.org"}],
    )
    registering.confirm_email(other)
    m2 = Registration.objects.get(email="m2@example.org")
    assert m2.status == S.CONFIRMED and m2.email_confirmed_at is None
    registering.confirm_email(m2)
    m2.refresh_from_db()
    assert m2.email_confirmed_at is not None


@pytest.mark.django_db
def test_category_change_past_a_full_quota_is_refused_unless_a_place_is_given(edition, organiser):
    press = edition.categories.get(code="press")
    press.quota = 1
    press.save()
    make_registration(edition, "p@example.org", category=press)
    x = make_registration(edition, "x@example.org")
    with pytest.raises(RegistrationError, match="complète"):
        decisions.change_category(x, press, organiser)
    decisions.give_place(x, organiser, "Journaliste accréditée", category=press)
    x.refresh_from_db()
    assert x.category == press and x.over_limit
    assert ActivityLog.objects.get(action="registration.give_place").data["category"] == press.name


@pytest.mark.django_db
def test_visa_letters_only_for_a_confirmed_place(full):
    from rencontres.registration.domain import visa
    from rencontres.registration.models import VisaRequest

    waiting = Registration.objects.get(email="c@example.org")
    waiting.country = "SN"
    waiting.save()
    assert not visa.can_request(waiting)
    with pytest.raises(RegistrationError, match="place confirmée"):
        visa.request_letter(waiting, {})
    letter = VisaRequest.objects.create(
        registration=waiting,
        name_in_passport="C",
        nationality="SN",
        date_of_birth="1980-01-01",
        place_of_birth="Dakar",
        passport_number="A1",
        passport_issued_on="2020-01-01",
        passport_expires_on="2030-01-01",
    )
    with pytest.raises(RegistrationError, match="Sur la liste d’attente|liste d'attente"):
        visa.decide(letter, validated=True)
