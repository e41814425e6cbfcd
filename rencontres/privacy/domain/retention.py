"""Retention periods, per organiser (PrivacySettings, defaults when none is saved), counted
from the last day of each edition: passport data deleted after N days, participants
anonymised after N months, mails' subjects and bodies emptied after M months. Erasures
scheduled "at the end of the event" are processed on their date too.

`plan()` says what is due (the dry run shows it); `apply()` erases it. The daily task runs
`apply()`; so does `manage.py retention` without `--dry-run`.
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from rencontres.comms.models import Mail
from rencontres.editions.models import Edition, Organiser
from rencontres.registration.models import Registration, VisaRequest

from ..models import ErasureRequest, PrivacySettings
from . import erasure


def add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def settings_for(organiser):
    """The organiser's saved settings, or the defaults (not saved)."""
    found = PrivacySettings.objects.filter(organiser=organiser).first()
    return found or PrivacySettings(organiser=organiser)


@dataclass
class EditionPlan:
    edition: Edition
    passports: int = 0
    people: int = 0
    mails: int = 0


@dataclass
class Plan:
    today: datetime.date
    editions: list = field(default_factory=list)
    erasures: list = field(default_factory=list)  # scheduled erasures due

    @property
    def empty(self):
        return not self.erasures and not any(
            e.passports or e.people or e.mails for e in self.editions
        )


def _querysets(edition, rules, today):
    """What is due in `edition` under `rules`: (visa requests, registrations, mails)."""
    end = edition.end_date
    nothing = Registration.objects.none()
    visas = (
        VisaRequest.objects.filter(registration__edition=edition)
        if end + datetime.timedelta(days=rules.passport_days) < today
        else VisaRequest.objects.none()
    )
    people = (
        Registration.objects.filter(edition=edition).exclude(
            erasure__status=ErasureRequest.Status.DONE
        )
        if add_months(end, rules.anonymise_months) < today
        else nothing
    )
    mails = (
        Mail.objects.filter(edition=edition).exclude(body_text="", body_html="", subject="")
        if add_months(end, rules.mail_months) < today
        else Mail.objects.none()
    )
    return visas, people, mails


def _editions(today):
    for organiser in Organiser.objects.all():
        rules = settings_for(organiser)
        for edition in Edition.objects.filter(organiser=organiser, end_date__lt=today):
            yield edition, rules


def plan(today=None):
    today = today or timezone.localdate()
    result = Plan(today=today, erasures=list(erasure.due(today)))
    for edition, rules in _editions(today):
        visas, people, mails = _querysets(edition, rules, today)
        found = EditionPlan(edition, visas.count(), people.count(), mails.count())
        if found.passports or found.people or found.mails:
            result.editions.append(found)
    return result


def apply(today=None):
    """Erase what is due; returns the plan that was carried out."""
    today = today or timezone.localdate()
    done = plan(today)
    for request in done.erasures:
        erasure.anonymise(request.registration, origin=request.origin)
    for edition, rules in _editions(today):
        visas, people, mails = _querysets(edition, rules, today)
        with transaction.atomic():
            visas.delete()
            mails.update(subject="", body_text="", body_html="")
        for registration in people:
            erasure.anonymise(registration, origin=ErasureRequest.Origin.RETENTION)
    return done
