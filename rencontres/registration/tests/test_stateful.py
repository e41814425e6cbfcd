"""One truth about every participant, checked by a random walk over the domain functions.

Hypothesis drives register (alone, as a delegation, again with an ended address), confirm,
approve, cancel (by the person or an organiser), refuse, and the organisers' decisions
(edition capacity, category quota, session and café limits, give a place now, change of
category, reactivate, move within a waiting list, address marked confirmed), session
sign-up and cancellation, Café choices, assignment and publication, B2B requests, answers
and a scheduling run with its publication, in any order on one small edition. A refusal
(RegistrationError, SignupError: a limit below the places taken, say) is a legitimate
outcome. After every step the invariants of the README hold (see `Invariants` below); each
change of someone's place is checked to mail each person it touched exactly once.

The scheduling run uses the first-come-first-served baseline through the import path, which
is what a published run amounts to, at a fraction of the solver's time. Deterministic
(derandomized) so that CI sees the same walks; `make test` runs it on PostgreSQL
(`scripts/with-postgres`), `pytest` alone on SQLite.
"""

from collections import Counter
from contextlib import contextmanager, suppress

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, F, Max
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    precondition,
    rule,
    run_state_machine_as_test,
)

from rencontres.audit.models import ActivityLog
from rencontres.comms.models import Mail
from rencontres.networking.domain import NetworkingError
from rencontres.networking.domain.instance import build_instance
from rencontres.networking.domain.requests import OPEN, answer_request, send_request
from rencontres.networking.domain.scheduling import (
    execute_publication,
    import_schedule,
    request_publication,
)
from rencontres.networking.models import Meeting, MeetingRequest, Profile
from rencontres.program.domain import cafes, signup
from rencontres.program.models import Attendance, CafeChoice, CafePlacement, CafeRound, Session
from rencontres.registration.domain import RegistrationError, decisions, registering
from rencontres.registration.domain.places import fits, free_places, waiting_units
from rencontres.registration.models import Registration, RegistrationSettings
from rencontres.scheduler import fcfs
from rencontres.testing.factories import (
    CafeRoundFactory,
    CategoryFactory,
    EditionFactory,
    RegistrationSettingsFactory,
    SchedulerSettingsFactory,
    SessionFactory,
)

ENDED = Registration.ENDED
HOLDING = (Registration.Status.CONFIRMED, Registration.Status.PENDING_APPROVAL)
# The mails of a cancellation or a promotion, each due once to each person it touches.
TOLD = ("registration/mail/status", "program/mail/promoted", "networking/mail/meeting_cancelled")
# Limits an organiser may set: below the places taken is refused, None is no limit.
LIMITS = st.none() | st.integers(0, 5)


def walk_edition():
    """Capacity 3; a category with a quota of 2 and one that needs approval; two workshops
    of 1 and 2 places; three cafés (1, 1 and 2 places); a B2B block of two slots, one table."""
    edition = EditionFactory()
    RegistrationSettingsFactory(edition=edition, capacity=3)
    for code, quota, approval in (("plain", None, False), ("few", 2, False), ("press", None, True)):
        CategoryFactory(edition=edition, code=code, quota=quota, needs_approval=approval)

    def session(kind, hours, capacity=None, signup_required=False):
        return SessionFactory(
            edition=edition,
            kind=kind,
            hours=hours,
            capacity=capacity,
            signup_required=signup_required,
        )

    workshops = [
        session(Session.Kind.WORKSHOP, ("09:00", "10:00"), 1, True),
        session(Session.Kind.WORKSHOP, ("10:30", "11:30"), 2, True),
    ]
    session(Session.Kind.B2B, ("14:00", "15:00"))
    cafe_sessions = [session(Session.Kind.CAFE, ("16:00", "17:00"), n) for n in (1, 1, 2)]
    CafeRoundFactory(edition=edition)
    SchedulerSettingsFactory(edition=edition, slot_minutes=30, tables=1, max_meetings=2)
    return edition, workshops, cafe_sessions


class Walk(RuleBasedStateMachine):
    people = Bundle("people")

    def __init__(self):
        super().__init__()
        # Each walk starts from an empty edition and leaves nothing behind.
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.edition, self.workshops, self.cafes = walk_edition()
        self.cafe_round = CafeRound.objects.get(edition=self.edition)
        self.count = 0
        self.organiser = get_user_model().objects.create_user("walk-organiser", is_staff=True)

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def get(self, pk):
        return Registration.objects.select_related("edition", "category").get(pk=pk)

    # Registration.

    # Short walks must reach the interesting states: the edition and the first workshop are
    # full (the second person waits for it), a published meeting links the first and third.
    @initialize(target=people)
    def start(self):
        first, second, third = (
            self._register("plain", "fr", confirm=True),
            self._register("few", "en", confirm=True),
            self._register("plain", "en", confirm=True),
        )
        signup.sign_up(self.get(first), self.workshops[0])
        signup.sign_up(self.get(second), self.workshops[0], waiting_list=True)
        answer_request(send_request(self.get(third), self.get(first)), self.get(first), True)
        self.schedule_and_publish()
        return multiple(first, second, third)

    @rule(
        target=people,
        category=st.sampled_from(["plain", "few", "press"]),
        language=st.sampled_from(["fr", "en"]),
        confirm=st.booleans(),
    )
    def register(self, category, language, confirm):
        return self._register(category, language, confirm)

    def _register(self, category, language, confirm, email=None):
        self.count += 1
        registration, created = registering.register(
            self.edition,
            {
                "first_name": "Person",
                "last_name": f"N{self.count}",
                "email": email or f"person{self.count}@example.org",
                "country": "FR",
                "language": language,
                "category": self.edition.categories.get(code=category),
                "data_consent": True,
            },
        )
        assert created
        Profile.objects.create(registration=registration, opted_in=True)
        if confirm:
            registering.confirm_email(registration)
        return registration.pk

    @rule(
        target=people,
        category=st.sampled_from(["plain", "few"]),
        confirm=st.booleans(),
    )
    def register_delegation(self, category, confirm):
        """A coordinator and one member, who get places together or wait together."""
        self.count += 1
        coordinator, _created = registering.register(
            self.edition,
            {
                "first_name": "Coordinator",
                "last_name": f"N{self.count}",
                "email": f"coordinator{self.count}@example.org",
                "country": "FR",
                "language": "fr",
                "category": self.edition.categories.get(code=category),
                "data_consent": True,
            },
            members=[
                {
                    "first_name": "Member",
                    "last_name": f"N{self.count}",
                    "email": f"member{self.count}@example.org",
                    "language": "en",
                }
            ],
        )
        team = list(coordinator.delegation.members.order_by("pk"))
        for person in team:
            Profile.objects.create(registration=person, opted_in=True)
        if confirm:
            with self.told_once():
                registering.confirm_email(coordinator)
        return multiple(*(person.pk for person in team))

    @rule(person=people)
    def confirm(self, person):
        with self.told_once():
            registering.confirm_email(self.get(person))

    @rule(person=people)
    def mark_address_confirmed(self, person):
        with self.told_once(), suppress(RegistrationError):
            decisions.mark_email_confirmed(self.get(person), self.organiser)

    @rule(target=people, person=people, confirm=st.booleans())
    def register_again(self, person, confirm):
        """The same address again: a new registration once the old one has ended, else
        nothing new (the person gets their link)."""
        old = self.get(person)
        if old.status not in ENDED:
            registration, created = registering.register(
                self.edition,
                {"email": old.email.upper(), "first_name": "Again", "last_name": "Again"},
            )
            assert not created and registration.status not in ENDED
            return multiple()
        if registering.existing(self.edition, old.email) is not None:
            return multiple()
        with self.told_once():
            return self._register(old.category.code, old.language, confirm, email=old.email)

    @rule(person=people)
    def reactivate(self, person):
        with self.told_once(), suppress(RegistrationError):
            decisions.reactivate(self.get(person), self.organiser)

    @rule(person=people, category=st.none() | st.sampled_from(["plain", "few", "press"]))
    def give_place(self, person, category):
        if category is not None:
            category = self.edition.categories.get(code=category)
        with self.told_once(), suppress(RegistrationError):
            decisions.give_place(self.get(person), self.organiser, "speaker", category=category)

    @rule(person=people, category=st.sampled_from(["plain", "few", "press"]))
    def change_category(self, person, category):
        with self.told_once(), suppress(RegistrationError):
            decisions.change_category(
                self.get(person), self.edition.categories.get(code=category), self.organiser
            )

    @rule(capacity=LIMITS)
    def set_capacity(self, capacity):
        with self.told_once(), suppress(RegistrationError):
            decisions.set_capacity(self.edition, capacity, self.organiser)

    @rule(category=st.sampled_from(["plain", "few"]), quota=LIMITS)
    def set_quota(self, category, quota):
        with self.told_once(), suppress(RegistrationError):
            decisions.set_quota(self.edition.categories.get(code=category), quota, self.organiser)

    @precondition(lambda self: Registration.objects.filter(edition=self.edition).waiting().exists())
    @rule(data=st.data(), position=st.none() | st.integers(1, 4), step=st.sampled_from([-1, 1]))
    def move_in_waiting_list(self, data, position, step):
        waiting = list(Registration.objects.filter(edition=self.edition).waiting().order_by("pk"))
        person = data.draw(st.sampled_from(waiting))
        with self.told_once():
            decisions.move_in_waiting_list(
                person, self.organiser, position=position, step=None if position else step
            )

    @rule(person=people)
    def approve(self, person):
        with suppress(RegistrationError):
            registering.approve(self.get(person))

    @rule(person=people, by_organiser=st.booleans())
    def cancel(self, person, by_organiser):
        with self.told_once():
            registering.cancel(self.get(person), by_organiser=by_organiser)

    @rule(person=people)
    def refuse(self, person):
        with self.told_once(), suppress(RegistrationError):
            registering.refuse(self.get(person))

    # Program.

    @rule(person=people, which=st.integers(0, 1))
    def sign_up(self, person, which):
        with suppress(signup.SignupError):
            signup.sign_up(self.get(person), self.workshops[which], waiting_list=True)

    @rule(person=people, which=st.integers(0, 1))
    def cancel_session(self, person, which):
        with self.told_once(), suppress(signup.SignupError):
            signup.cancel(self.get(person), self.workshops[which])

    @rule(which=st.integers(0, 4), capacity=LIMITS)
    def set_session_capacity(self, which, capacity):
        session = [*self.workshops, *self.cafes][which]
        with self.told_once(), suppress(signup.SignupError):
            signup.set_session_capacity(session, capacity, self.organiser)

    @precondition(
        lambda self: Attendance.objects.filter(
            session__in=self.workshops, status=Attendance.Status.WAITING
        ).exists()
    )
    @rule(data=st.data(), position=st.none() | st.integers(1, 3), step=st.sampled_from([-1, 1]))
    def move_in_session_waiting_list(self, data, position, step):
        waiting = Attendance.objects.filter(
            session__in=self.workshops, status=Attendance.Status.WAITING
        )
        attendance = data.draw(st.sampled_from(list(waiting.order_by("pk"))))
        with self.told_once():
            signup.move_in_waiting_list(
                attendance, self.organiser, position=position, step=None if position else step
            )

    @rule(person=people, order=st.permutations([0, 1, 2]))
    def choose_cafes(self, person, order):
        with suppress(signup.SignupError):
            cafes.choose(self.get(person), self.cafe_round, [self.cafes[i].pk for i in order])

    @precondition(lambda self: CafeChoice.objects.filter(cafe_round=self.cafe_round).exists())
    @rule(publish=st.booleans())
    def assign_cafes(self, publish):
        with suppress(signup.SignupError):
            cafes.run_assignment(self.cafe_round)
            if publish:
                cafes.publish(self.cafe_round)

    # B2B.

    @rule(a=people, b=people, accept=st.booleans())
    def request_meeting(self, a, b, accept):
        try:
            request = send_request(self.get(a), self.get(b))
        except NetworkingError:
            return
        if accept:
            answer_request(request, self.get(b), accept=True)

    def requests(self, status):
        return MeetingRequest.objects.filter(edition=self.edition, status=status).order_by("pk")

    @precondition(lambda self: self.requests(MeetingRequest.Status.PENDING).exists())
    @rule(data=st.data(), accept=st.booleans())
    def answer(self, data, accept):
        request = data.draw(st.sampled_from(list(self.requests(MeetingRequest.Status.PENDING))))
        answer_request(request, request.party_b.first(), accept=accept)

    @precondition(lambda self: self.requests(MeetingRequest.Status.ACCEPTED).exists())
    @rule()
    def schedule_and_publish(self):
        instance = build_instance(self.edition)
        if not instance["requests"]:
            return
        try:
            run = import_schedule(self.edition, fcfs(instance))
            request_publication(run)
        except NetworkingError:
            return
        assert execute_publication(run.pk) == "done"

    # Invariants.

    @invariant()
    def no_live_seat_held_by_an_ended_registration(self):
        ended = Registration.objects.filter(edition=self.edition, status__in=ENDED)
        assert not Attendance.objects.filter(registration__in=ended).exists()
        assert not CafeChoice.objects.filter(registration__in=ended).exists()
        assert not CafePlacement.objects.filter(registration__in=ended).exists()
        open_requests = MeetingRequest.objects.filter(status__in=OPEN)
        assert not open_requests.filter(party_a__in=ended).exists()
        assert not open_requests.filter(party_b__in=ended).exists()

    @invariant()
    def no_published_meeting_involves_an_ended_registration(self):
        meetings = Meeting.objects.filter(edition=self.edition)
        assert not meetings.filter(request__party_a__status__in=ENDED).exists()
        assert not meetings.filter(request__party_b__status__in=ENDED).exists()

    @invariant()
    def no_place_free_while_someone_eligible_waits(self):
        left, quotas = free_places(self.edition)
        for unit in waiting_units(self.edition):
            assert not fits(unit, left, quotas), f"{unit} waits with {left} places left"
        for session in Session.objects.filter(pk__in=[s.pk for s in self.workshops]):
            if signup.places_left(session) != 0:
                assert not Attendance.objects.filter(
                    session=session, status=Attendance.Status.WAITING
                ).exists(), f"{session} has a free place and a waiting list"

    @invariant()
    def no_capacity_exceeded_but_by_a_recorded_override(self):
        """Over a limit only by places given over it: each marked `over_limit` and written
        in the audit trail with its reason."""
        holding = Registration.objects.filter(edition=self.edition, status__in=HOLDING)
        overrides = holding.filter(over_limit=True)
        capacity = RegistrationSettings.objects.get(edition=self.edition).capacity
        if capacity is not None:
            assert holding.count() - capacity <= overrides.count()
        for category in self.edition.categories.exclude(quota=None):
            excess = holding.filter(category=category).count() - category.quota
            assert excess <= overrides.filter(category=category).count(), category.code
        recorded = ActivityLog.objects.filter(action="registration.give_place").exclude(reason="")
        recorded = set(recorded.values_list("object_id", flat=True))
        assert {str(pk) for pk in overrides.values_list("pk", flat=True)} <= recorded
        sessions = Session.objects.filter(pk__in=[s.pk for s in [*self.workshops, *self.cafes]])
        for session in sessions.exclude(capacity=None):
            assert signup.confirmed_count(session) <= session.places
            assert CafePlacement.objects.filter(session=session).count() <= session.places
        per_slot = Meeting.objects.filter(edition=self.edition).values("start")
        assert all(row["n"] <= 1 for row in per_slot.annotate(n=Count("pk")))

    # Every promotion or cancellation mails each person it touched exactly once.

    def snapshot(self):
        meetings = {}
        for meeting in Meeting.objects.filter(edition=self.edition).prefetch_related(
            "request__party_a", "request__party_b"
        ):
            meetings[meeting.request_id] = (
                {p.pk for p in meeting.request.party_a.all()},
                {p.pk for p in meeting.request.party_b.all()},
            )
        return {
            "status": dict(
                Registration.objects.filter(edition=self.edition).values_list("pk", "status")
            ),
            "seats": {
                (r, s): status
                for r, s, status in Attendance.objects.filter(
                    session__edition=self.edition
                ).values_list("registration_id", "session_id", "status")
            },
            "meetings": meetings,
            "mail": Mail.objects.aggregate(last=Max("pk"))["last"] or 0,
        }

    @contextmanager
    def told_once(self):
        before = self.snapshot()
        yield
        self.check_mails(before, self.snapshot())

    def check_mails(self, before, after):
        W, S = Attendance.Status.WAITING, Attendance.Status.CONFIRMED
        PENDING_EMAIL = Registration.Status.PENDING_EMAIL
        expected = Counter()
        ended_now = {
            pk
            for pk, status in after["status"].items()
            if status in ENDED and before["status"].get(pk) not in ENDED
        }
        # Every change of someone's place (placed, ended, promoted, approved, given,
        # reactivated) is told once; whoever must confirm an address gets that mail instead.
        # A delegation member placed with their coordinator gets their welcome mail instead.
        members = set(
            Registration.objects.filter(edition=self.edition, delegation__isnull=False)
            .exclude(delegation__coordinator=F("pk"))
            .values_list("pk", flat=True)
        )
        for pk, status in after["status"].items():
            was = before["status"].get(pk)
            if was == PENDING_EMAIL and pk in members and status not in ENDED:
                continue
            if was not in (None, status) and status != PENDING_EMAIL:
                expected[pk, "registration/mail/status"] += 1
        for key, status in after["seats"].items():
            if status == S and before["seats"].get(key) == W:
                expected[key[0], "program/mail/promoted"] += 1
        for request, sides in before["meetings"].items():
            if request in after["meetings"]:
                continue
            for side, other in (sides, sides[::-1]):
                if other & ended_now:
                    for pk in side - ended_now:
                        expected[pk, "networking/mail/meeting_cancelled"] += 1
        sent = Counter(
            Mail.objects.filter(pk__gt=before["mail"], template__in=TOLD)
            .exclude(registration_id__in=set(after["status"]) - set(before["status"]))
            .values_list("registration_id", "template")
        )
        assert sent == expected


@pytest.mark.django_db
def test_every_app_agrees_about_every_participant_whatever_the_order():
    run_state_machine_as_test(
        Walk,
        settings=settings(
            max_examples=30,
            stateful_step_count=20,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
