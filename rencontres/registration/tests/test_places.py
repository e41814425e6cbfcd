"""Capacity, quotas, approval, waiting list and delegations, through the domain functions."""

import pytest

from conftest import make_registration
from rencontres.comms.models import Mail
from rencontres.registration.domain import RegistrationError, registering
from rencontres.registration.models import Registration, RegistrationSettings

S = Registration.Status


def person(edition, email, category="elected", **extra):
    return {
        "first_name": "Participant",
        "last_name": email.split("@")[0],
        "email": email,
        "country": "FR",
        "category": edition.categories.get(code=category),
        "data_consent": True,
        **extra,
    }


def register_and_confirm(edition, email, **kwargs):
    registration, _ = registering.register(edition, person(edition, email), **kwargs)
    return registering.confirm_email(registration)


def mails_to(email):
    return list(Mail.objects.filter(to=email).order_by("pk").values_list("subject", flat=True))


@pytest.fixture
def full_edition(small_edition):
    """Capacity 3, already holding 2 places."""
    RegistrationSettings.objects.create(edition=small_edition, capacity=3)
    make_registration(small_edition, "a@example.org")
    make_registration(small_edition, "b@example.org")
    return small_edition


@pytest.mark.django_db
def test_capacity_then_waiting_list_with_positions(full_edition):
    third = register_and_confirm(full_edition, "c@example.org")
    fourth = register_and_confirm(full_edition, "d@example.org")
    fifth = register_and_confirm(full_edition, "e@example.org")
    assert third.status == S.CONFIRMED
    assert (fourth.status, fifth.status) == (S.WAITING, S.WAITING)
    assert (fourth.waiting_position, fifth.waiting_position) == (1, 2)
    assert any("liste d'attente" in s for s in mails_to("d@example.org"))


@pytest.mark.django_db
def test_cancellation_promotes_the_next_person_and_tells_them(full_edition):
    third = register_and_confirm(full_edition, "c@example.org")
    fourth = register_and_confirm(full_edition, "d@example.org")
    fifth = register_and_confirm(full_edition, "e@example.org")
    registering.cancel(third)
    fourth.refresh_from_db()
    fifth.refresh_from_db()
    assert fourth.status == S.CONFIRMED
    assert fifth.status == S.WAITING and fifth.waiting_position == 1
    assert "Votre inscription est confirmée" in mails_to("d@example.org")[-1]
    assert "annulée" in mails_to("c@example.org")[-1]
    assert Registration.objects.filter(edition=full_edition).holding_places().count() == 3


@pytest.mark.django_db
def test_category_quota_and_approval(small_edition):
    press = small_edition.categories.get(code="press")
    press.quota = 1
    press.save()
    first, _ = registering.register(small_edition, person(small_edition, "p1@example.org", "press"))
    first = registering.confirm_email(first)
    second, _ = registering.register(
        small_edition, person(small_edition, "p2@example.org", "press")
    )
    second = registering.confirm_email(second)
    other = register_and_confirm(small_edition, "x@example.org")
    assert first.status == S.PENDING_APPROVAL
    assert second.status == S.WAITING
    assert other.status == S.CONFIRMED, "a full category does not block the others"
    with pytest.raises(RegistrationError):
        registering.approve(second)
    registering.refuse(first)
    second.refresh_from_db()
    assert second.status == S.PENDING_APPROVAL, "refusal frees the press place"
    registering.approve(second)
    second.refresh_from_db()
    assert second.status == S.CONFIRMED
    assert "accepté" in " ".join(
        Mail.objects.filter(to="p2@example.org").values_list("body_text", flat=True)
    )
    assert (
        "pas pu accepter"
        in Mail.objects.filter(to="p1@example.org").order_by("pk").last().body_text
    )


@pytest.mark.django_db
def test_delegation_gets_places_together_or_waits_together(full_edition):
    members = [
        {"first_name": "Membre", "last_name": str(n), "email": f"m{n}@example.org"}
        for n in range(2)
    ]
    coordinator, _ = registering.register(
        full_edition,
        person(full_edition, "coord@example.org"),
        members=members,
        delegation_name="Délégation de démonstration",
    )
    assert Mail.objects.filter(to="m0@example.org").count() == 0, "members are told once placed"
    registering.confirm_email(coordinator)
    group = Registration.objects.filter(delegation=coordinator.delegation)
    # One place left, three people: the whole delegation waits.
    assert set(group.values_list("status", flat=True)) == {S.WAITING}
    assert Mail.objects.filter(to="m0@example.org").count() == 1
    single = register_and_confirm(full_edition, "single@example.org")
    assert single.status == S.CONFIRMED, "a single person fits where the delegation does not"
    # Three places free up: the delegation gets all of them at once.
    for email in ("a@example.org", "b@example.org", "single@example.org"):
        registering.cancel(Registration.objects.get(email=email))
    assert set(group.values_list("status", flat=True)) == {S.CONFIRMED}


@pytest.mark.django_db
def test_coordinator_adds_and_removes_members(small_edition):
    RegistrationSettings.objects.create(edition=small_edition, capacity=3)
    coordinator, _ = registering.register(
        small_edition,
        person(small_edition, "coord@example.org"),
        members=[{"first_name": "M", "last_name": "1", "email": "m1@example.org"}],
    )
    registering.confirm_email(coordinator)
    delegation = coordinator.delegation
    added = registering.add_member(
        delegation, {"first_name": "M", "last_name": "2", "email": "m2@example.org"}
    )
    assert added.status == S.CONFIRMED and added.category_id == coordinator.category_id
    with pytest.raises(RegistrationError):
        registering.add_member(
            delegation, {"first_name": "M", "last_name": "3", "email": "m3@example.org"}
        )
    assert not Registration.objects.filter(email="m3@example.org").exists()
    registering.remove_member(delegation, added)
    added.refresh_from_db()
    assert added.status == S.CANCELLED
    with pytest.raises(RegistrationError):
        registering.remove_member(delegation, coordinator)
    # The coordinator's cancellation cancels the whole delegation.
    registering.cancel(Registration.objects.get(pk=coordinator.pk))
    assert not Registration.objects.filter(delegation=delegation).holding_places().exists()


@pytest.mark.django_db
def test_edition_copy_takes_categories_questions_and_capacity(small_edition):
    import datetime

    from rencontres.editions.domain.next_edition import create_next_edition

    source = small_edition
    RegistrationSettings.objects.create(edition=source, capacity=500)
    question = source.questions.create(label_fr="Q", label_en="Q", kind="single")
    question.choices.create(label_fr="A", label_en="A")
    target = create_next_edition(source, datetime.date(2030, 10, 23))
    assert list(target.categories.values_list("code", flat=True)) == list(
        source.categories.values_list("code", flat=True)
    )
    assert target.questions.get().choices.count() == 1
    assert target.registration_settings.capacity == 500
