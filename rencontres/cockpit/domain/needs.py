"""What the caterer, the venue and the interpreters need to know, per day and per session.

Who is expected: on a day with a session for everyone (welcome, plenary, meal…), everyone
with a place; otherwise the people signed up to that day's sessions. In a session for
everyone, everyone with a place; in the others, the people signed up.

Interpretation: a person speaks French or English when it is the language of their mails
or when "languages spoken" names it; someone expected in a session held in a language they
do not speak needs interpretation into the other one.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from rencontres.program.models import Attendance, Session
from rencontres.registration.models import Registration

LANGUAGE_WORDS = {
    "fr": {"fr", "français", "francais", "french", "française", "francaise"},
    "en": {"en", "anglais", "english", "anglaise"},
}


@dataclass(frozen=True)
class Person:
    pk: int
    name: str
    organisation: str
    dietary: str
    accessibility: str
    speaks: frozenset

    def needs_interpretation(self, language):
        """The language to interpret into, or "" when the person understands `language`."""
        if language == Session.Language.INTERPRETATION:
            # Interpreted sessions: who listens through the interpreters, and in which language.
            return next(iter(self.speaks)) if len(self.speaks) == 1 else ""
        if language in self.speaks:
            return ""
        return "en" if language == "fr" else "fr"


@dataclass
class Group:
    """The needs of the people expected on one day or in one session."""

    label: str
    expected: int
    dietary: list = field(default_factory=list)  # [(need, [people])]
    accessibility: list = field(default_factory=list)  # [person]
    interpretation: list = field(default_factory=list)  # [(into, [people])]
    session: Session | None = None

    @property
    def dietary_count(self):
        return sum(len(people) for _need, people in self.dietary)

    @property
    def interpretation_count(self):
        return sum(len(people) for _into, people in self.interpretation)


def speaks(registration_language, spoken):
    words = set(re.findall(r"\w+", spoken.lower()))
    found = {code for code, names in LANGUAGE_WORDS.items() if words & names}
    if registration_language in LANGUAGE_WORDS:
        found.add(registration_language)
    return frozenset(found)


def _group(label, people, language, session=None):
    dietary = defaultdict(list)
    for person in people:
        if person.dietary.strip():
            dietary[person.dietary.strip().capitalize()].append(person)
    interpretation = defaultdict(list)
    for person in people:
        if into := person.needs_interpretation(language):
            interpretation[into].append(person)
    return Group(
        label=label,
        expected=len(people),
        dietary=sorted(dietary.items(), key=lambda item: (-len(item[1]), item[0])),
        accessibility=[p for p in people if p.accessibility.strip()],
        interpretation=sorted(interpretation.items()),
        session=session,
    )


def needs(edition):
    """(per day, per session): a `Group` for each day of the edition and each session."""
    people = {
        pk: Person(
            pk,
            f"{first} {last}".strip(),
            organisation,
            dietary,
            accessibility,
            speaks(lang, spoken),
        )
        for pk, first, last, organisation, dietary, accessibility, lang, spoken in (
            Registration.objects.filter(edition=edition, status=Registration.Status.CONFIRMED)
            .order_by("last_name", "first_name", "pk")
            .values_list(
                "pk",
                "first_name",
                "last_name",
                "organisation",
                "dietary_needs",
                "accessibility_needs",
                "language",
                "languages_spoken",
            )
        )
    }
    everyone = list(people.values())
    signed_up = defaultdict(list)
    for session_id, registration_id in Attendance.objects.filter(
        session__edition=edition, status=Attendance.Status.CONFIRMED
    ).values_list("session_id", "registration_id"):
        if registration_id in people:
            signed_up[session_id].append(people[registration_id])
    sessions = list(Session.objects.filter(edition=edition).order_by("start", "order", "pk"))

    per_session = []
    by_day = defaultdict(list)
    for session in sessions:
        expected = everyone if session.for_everyone else signed_up[session.pk]
        per_session.append(
            _group(
                f"{timezone.localtime(session.start):%d/%m %H:%M} · {session.title}",
                sorted(expected, key=lambda p: p.name) if not session.for_everyone else expected,
                session.language,
                session,
            )
        )
        by_day[session.local_day].append((session, expected))
    per_day = []
    for day in edition.days:
        day_sessions = by_day.get(day, [])
        if not day_sessions or any(s.for_everyone for s, _p in day_sessions):
            expected = everyone
        else:
            seen = {p.pk: p for _s, group in day_sessions for p in group}
            expected = sorted(seen.values(), key=lambda p: p.name)
        # The working language of a day is French unless all its sessions are in English.
        languages = {s.language for s, _p in day_sessions}
        language = "en" if languages == {"en"} else "fr"
        per_day.append(_group(day, expected, language))
    return per_day, per_session


def table(groups):
    """One row per person and need: [day or session, need, detail, name, organisation]."""
    languages = dict(Registration.Language.choices)
    rows = []
    for group in groups:
        label = group.label if group.session else formats.date_format(group.label, "l j F Y")
        for need, people in group.dietary:
            rows += [[label, _("Dietary"), need, p.name, p.organisation] for p in people]
        rows += [
            [label, _("Accessibility"), p.accessibility, p.name, p.organisation]
            for p in group.accessibility
        ]
        for into, people in group.interpretation:
            rows += [
                [label, _("Interpretation"), languages[into], p.name, p.organisation]
                for p in people
            ]
    return rows
