"""The edition's objective: each run computes both schedules, the organiser may choose the
other one until publication, and the next edition keeps the setting."""

import pytest

from rencontres.networking.domain import NetworkingError
from rencontres.networking.domain.report import comparison
from rencontres.networking.domain.requests import answer_request, send_request
from rencontres.networking.domain.scheduling import (
    choose_alternative,
    execute_publication,
    execute_run,
    request_publication,
    start_run,
)
from rencontres.networking.models import SchedulerSettings, ScheduleRun
from rencontres.networking.signals import copy_settings
from rencontres.testing.factories import EditionFactory

from .conftest import participant

pytestmark = pytest.mark.django_db


def hub(edition):
    """At most one meeting each: priorities first places Amina with Paul (priority 3) and
    serves two people; serving the most places Amina with Chloé and Paul with Dan."""
    SchedulerSettings.objects.filter(edition=edition).update(max_meetings=1)
    amina, paul, chloe, dan = (
        participant(edition, f"{name}@example.org")
        for name in ("amina.diallo", "paul.martin", "chloe.roux", "dan.okafor")
    )
    top = send_request(amina, paul)
    answer_request(top, paul, accept=True)
    top.priority = 3
    top.save(update_fields=["priority"])
    for a, b in ((amina, chloe), (paul, dan)):
        answer_request(send_request(a, b), b, accept=True)


def test_a_serve_most_edition_runs_both_and_compares(small_b2b, django_capture_on_commit_callbacks):
    hub(small_b2b)
    SchedulerSettings.objects.filter(edition=small_b2b).update(objective="serve_most")
    with django_capture_on_commit_callbacks():
        run = start_run(small_b2b)
    assert run.objective_mode == "serve_most"
    execute_run(run.pk)
    run.refresh_from_db()
    assert run.status == ScheduleRun.Status.DONE
    assert (run.result["stats"]["mode"], run.result["served"], run.objective) == (
        "serve_most",
        4,
        2,
    )
    assert (run.alternative["stats"]["mode"], run.alternative["served"]) == ("priority", 2)
    # Priorities first on the left whatever the edition's choice; the chosen one is marked.
    left, right = comparison(run)
    assert (left.label, left.chosen, left.served, left.without) == (
        "Les priorités d’abord",
        False,
        2,
        2,
    )
    assert (right.chosen, right.served, right.served_bound, right.reaches_most) == (
        True,
        4,
        4,
        True,
    )
    assert (left.share_of_bound, right.share_of_bound) == (100.0, 66.7)

    run = choose_alternative(run)
    assert (run.objective_mode, run.objective, run.bound) == ("priority", 3, 3)
    with django_capture_on_commit_callbacks(execute=False):
        request_publication(run)
    execute_publication(run.pk)
    with pytest.raises(NetworkingError, match="déjà publié"):
        choose_alternative(run)


def test_the_next_edition_keeps_the_objective(small_b2b):
    SchedulerSettings.objects.filter(edition=small_b2b).update(objective="serve_most")
    target = EditionFactory()
    copy_settings(sender=None, source=small_b2b, target=target, shift=None)
    assert SchedulerSettings.objects.get(edition=target).objective == "serve_most"
