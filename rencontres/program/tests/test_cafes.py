"""Cafés des Rencontres: ranking, an optimal assignment under capacities, publication by mail."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_registration
from rencontres.networking.models import Meeting, MeetingRequest
from rencontres.program.domain import cafes
from rencontres.program.domain.signup import SignupError
from rencontres.program.models import Attendance, CafeRound, Session

from .conftest import log_in


def test_solve_maximises_satisfaction_under_capacities():
    # Three people want café A first; A has two places. Exactly one gets a second choice.
    people = {1: ["A", "B", "C"], 2: ["A", "B", "C"], 3: ["A", "C", "B"], 4: ["B", "A", "C"]}
    result = cafes.solve(people, {"A": 2, "B": 1, "C": 1})
    placed = [cafe for cafe, _rank in result.values()]
    assert len(result) == 4
    assert placed.count("A") == 2 and placed.count("B") == 1 and placed.count("C") == 1
    ranks = sorted(rank for _cafe, rank in result.values())
    # Best possible: 3 first choices (A, A, B) and the last one on C (3rd choice for 1-2,
    # 2nd for 3): the solver picks person 3 for C.
    assert ranks == [1, 1, 1, 2]
    # When places run short, the rest go unplaced rather than over capacity.
    assert len(cafes.solve(people, {"A": 1, "B": 1, "C": 0})) == 2


@pytest.mark.django_db(transaction=True)
def test_rank_assign_adjust_publish_and_mail(client, small_edition, smtp_server, run_worker):
    cafe_round = CafeRound.objects.get(edition=small_edition)
    ids = list(cafe_round.cafes().values_list("pk", flat=True)[:3])
    Session.objects.filter(pk__in=ids).update(capacity=2)
    tables = [Session.objects.get(pk=pk) for pk in ids]
    people = [make_registration(small_edition, language="en" if i % 2 else "fr") for i in range(5)]
    log_in(client, people[0], "program:my_cafes")
    page_url = reverse("program:my_cafes", kwargs={"number": small_edition.number})
    # Two identical choices: refused with the message next to the form, values kept.
    page = client.post(
        page_url, {"first": tables[0].pk, "second": tables[0].pk, "third": tables[1].pk}
    )
    assert page.status_code == 200 and 'role="alert"' in page.content.decode()
    response = client.post(
        page_url, {"first": tables[0].pk, "second": tables[1].pk, "third": tables[2].pk}
    )
    assert response.status_code == 302
    for registration in people[1:]:
        cafes.choose(registration, cafe_round, [tables[0].pk, tables[1].pk, tables[2].pk])
    summary = cafes.run_assignment(cafe_round)
    assert summary["first"] == 2 and summary["ranked"] == 5 and summary["unplaced"] == 0
    assert summary["first"] + summary["second"] + summary["third"] + summary["other"] == 5
    # Every table within its places.
    assert all(placed <= (places or 99) for _cafe, placed, places in cafes.fill(cafe_round))
    placement = cafe_round.placements.filter(session=tables[2]).first()
    with pytest.raises(SignupError):
        cafes.adjust(placement, tables[0])  # full
    cafe_round.refresh_from_db()
    assert cafes.publish(cafe_round) == 5
    assert Attendance.objects.filter(source="cafe").count() == 5
    run_worker()
    messages = smtp_server.wait_for(5)
    assert len(messages) == 5
    subjects = {m["To"]: m["Subject"] for m in messages}
    assert "Café des Rencontres" in subjects[people[0].email]
    with pytest.raises(SignupError):
        cafes.run_assignment(cafe_round)


@pytest.mark.django_db
def test_choices_after_the_deadline_are_refused(small_edition):
    cafe_round = CafeRound.objects.get(edition=small_edition)
    ids = list(cafe_round.cafes().values_list("pk", flat=True)[:3])
    CafeRound.objects.filter(pk=cafe_round.pk).update(
        choices_close=timezone.now() - datetime.timedelta(minutes=1)
    )
    cafe_round.refresh_from_db()
    with pytest.raises(SignupError):
        cafes.choose(make_registration(small_edition), cafe_round, ids)
    workshop = small_edition.sessions.filter(kind="workshop").first()
    cafe_round.choices_close = timezone.now() + datetime.timedelta(days=1)
    with pytest.raises(SignupError):
        cafes.choose(make_registration(small_edition), cafe_round, [*ids[:2], workshop.pk])


def test_solve_never_uses_a_cafe_the_person_is_busy_in():
    people = {1: ["A", "B", "C"], 2: ["A", "B", "C"]}
    capacities = {"A": 5, "B": 5, "C": 5, "D": 5}
    result = cafes.solve(people, capacities, {1: {"A"}})
    assert result == {1: ("B", 2), 2: ("A", 1)}
    # Busy in all three choices: never through the shared pool into one of them.
    assert cafes.solve(people, capacities, {1: {"A", "B", "C"}})[1] == ("D", None)


@pytest.mark.django_db
def test_a_published_b2b_meeting_keeps_the_participant_out_of_the_cafes(
    admin_client, small_edition
):
    cafe_round = CafeRound.objects.get(edition=small_edition)
    tables = list(cafe_round.cafes().order_by("pk")[:3])
    busy, free, partner = (make_registration(small_edition) for _ in range(3))
    for registration in (busy, free):
        cafes.choose(registration, cafe_round, [table.pk for table in tables])
    request = MeetingRequest.objects.create(
        edition=small_edition, requester=busy, status="accepted"
    )
    request.party_a.add(busy)
    request.party_b.add(partner)
    start = max(table.start for table in tables)
    Meeting.objects.create(
        request=request,
        edition=small_edition,
        start=start,
        end=start + datetime.timedelta(minutes=30),
        table=1,
    )
    response = admin_client.post(
        reverse("admin:program_caferound_run", args=[cafe_round.pk]), follow=True
    )
    placed = dict(cafe_round.placements.values_list("registration_id", "session_id"))
    assert busy.pk not in placed and placed[free.pk] == tables[0].pk
    cafe_round.refresh_from_db()
    summary = cafes.summary(cafe_round)
    assert summary["unplaced"] == 1
    [(person, reason)] = summary["not_placed"]
    assert person == busy and "B2B" in reason
    # The organiser reads who was left out and why, in French.
    page = response.content.decode()
    assert busy.full_name in page and "rendez-vous B2B publié" in page
