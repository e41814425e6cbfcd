"""Retention periods applied by the daily task, with a dry run that erases nothing."""

import datetime

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from rencontres.comms.models import Mail
from rencontres.editions.models import Edition
from rencontres.privacy import tasks
from rencontres.privacy.domain import erasure, retention
from rencontres.privacy.models import ErasureRequest, PrivacySettings
from rencontres.registration.models import Registration, VisaRequest
from rencontres.testing.factories import RegistrationFactory

from .helpers import full_participant

pytestmark = pytest.mark.django_db


def ended_on(edition, day):
    Edition.objects.filter(pk=edition.pk).update(start_date=day, end_date=day)
    edition.refresh_from_db()


def test_each_period_counts_from_the_last_day_with_the_organiser_s_settings(
    small_edition, private_root
):
    registration = full_participant(small_edition)
    PrivacySettings.objects.create(
        organiser=small_edition.organiser, passport_days=10, mail_months=1, anonymise_months=2
    )
    ended_on(small_edition, datetime.date(2026, 1, 31))
    photo = private_root / registration.networking_profile.photo.name

    plan = retention.plan(datetime.date(2026, 2, 10))
    assert plan.empty  # 10 days after: not yet
    [found] = retention.plan(datetime.date(2026, 2, 11)).editions
    assert (found.passports, found.mails, found.people) == (1, 0, 0)
    [found] = retention.plan(datetime.date(2026, 3, 1)).editions  # 28 Feb + 1 day
    assert (found.passports, found.mails, found.people) == (1, 1, 0)

    retention.apply(datetime.date(2026, 3, 1))
    assert not VisaRequest.objects.exists()
    mail = Mail.objects.get(registration=registration)
    assert (mail.body_text, mail.subject) == ("", "")
    registration.refresh_from_db()
    assert registration.first_name == "Awa" and photo.exists()

    retention.apply(datetime.date(2026, 4, 1))
    registration.refresh_from_db()
    assert registration.first_name == "" and not photo.exists()
    assert registration.erasure.origin == ErasureRequest.Origin.RETENTION
    assert retention.plan(datetime.date(2026, 4, 2)).empty


def test_dry_run_lists_and_erases_nothing_then_the_command_erases(small_edition, private_root):
    registration = full_participant(small_edition)
    ended_on(small_edition, datetime.date(2020, 1, 1))
    lines = _output(["retention", "--dry-run"])
    assert "would erase passport data of 1 visa requests, 1 participants" in lines
    registration.refresh_from_db()
    assert registration.first_name == "Awa"
    assert "erased passport data of 1 visa requests" in _output(["retention"])
    registration.refresh_from_db()
    assert registration.first_name == ""
    assert "nothing to erase" in _output(["retention", "--dry-run"])


def test_a_scheduled_erasure_is_processed_on_its_date(small_edition, private_root):
    registration = full_participant(small_edition)
    request = erasure.ask(registration)
    erasure.schedule(request, None)
    request.refresh_from_db()
    retention.apply(small_edition.end_date)
    assert Registration.objects.get(pk=registration.pk).first_name == "Awa"
    retention.apply(request.scheduled_for)
    assert Registration.objects.get(pk=registration.pk).first_name == ""


@pytest.mark.django_db(transaction=True)
def test_the_daily_task_runs_and_queues_itself_for_the_next_night(small_edition, run_worker):
    RegistrationFactory(edition=small_edition)
    assert tasks.start()
    assert not tasks.start()  # never twice
    waiting = DBTaskResult.objects.get(status="READY")
    assert tasks.next_run() == waiting.run_after
    DBTaskResult.objects.filter(pk=waiting.pk).update(
        run_after=waiting.run_after.replace(year=2020)
    )
    run_worker()
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 1
    assert DBTaskResult.objects.get(status="READY").run_after > waiting.run_after.replace(year=2020)


def _output(args):
    import io

    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()
