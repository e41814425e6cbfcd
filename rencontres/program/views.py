"""The public program (grid, sessions, speakers, PDF, calendars) and the personal pages."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rencontres.core.cache import cache_public_page, request_generation
from rencontres.core.pdf import pdf_response
from rencontres.editions.shortcuts import get_edition_or_404, is_visible
from rencontres.registration.access import ended_page, registration_required
from rencontres.registration.models import Registration

from .domain import cafes as cafes_domain
from .domain import session_page
from .domain import signup as signup_domain
from .domain.agenda import by_day, personal_agenda, session_item, waiting_sessions
from .domain.cards import program_cards, url_format
from .domain.grid import build_day
from .domain.ics import calendar_response
from .forms import CafeChoiceForm, ProgramFilterForm
from .models import Attendance, CafeChoice, CafeRound, Session, SessionSpeaker, Speaker
from .session_links import session_links

FEED_SALT = "rencontres.program.agenda-feed"


def _sessions(edition):
    """The edition's sessions with rooms, themes and speakers, in three queries."""
    roles = SessionSpeaker.objects.select_related("speaker")
    return list(
        Session.objects.filter(edition=edition)
        .select_related("room")
        .prefetch_related(Prefetch("speaker_roles", queryset=roles), "themes")
    )


def _by_day(edition, sessions):
    days = {day: [] for day in edition.days}
    for session in sessions:
        days.setdefault(session.local_day, []).append(session)
    return days


def _parse_day(edition, day):
    if day is None:
        today = timezone.localdate()
        return today if today in edition.days else edition.start_date
    try:
        value = datetime.date.fromisoformat(day)
    except ValueError:
        raise Http404 from None
    if value not in edition.days:
        raise Http404
    return value


@cache_public_page
def program(request, number, day=None):
    # The page shows the venue, not the organiser: a narrower row on every full render.
    edition = get_edition_or_404(request, number, related=["venue"])
    day = _parse_day(edition, day)
    program = program_cards(edition, day)
    form = ProgramFilterForm(request.GET or None, themes=program.themes, kinds=program.kinds)
    shown = form.filter(program.cards) if form.is_valid() else program.cards
    query = request.GET.urlencode()
    day_url = url_format("program:day", number=edition.number, day=None)
    suffix = f"?{query}" if query else ""
    return render(
        request,
        "program/program.html",
        {
            "edition": edition,
            "day": day,
            "days": [(other, day_url.format(other.isoformat()) + suffix) for other in edition.days],
            "grid": build_day(day, shown),
            "form": form,
            "hidden": len(program.cards) - len(shown),
            "generation": request_generation(request),
        },
    )


def _label(choices, value):
    """A choice's label, as get_FOO_display() gives it, without hashing every lazy label of
    the field's choices on each call (a tenth of the session page's full render)."""
    try:
        return choices(value).label
    except ValueError:
        return value


@cache_public_page
def session_detail(request, number, session_id):
    session = session_page.session(number, session_id)
    if session is None or not is_visible(request, session.edition):
        raise Http404
    roles = session_page.speakers(session)
    speaker_url = url_format("program:speaker", number=number, speaker_id=None)
    for role in roles:
        role.label = _label(SessionSpeaker.Role, role.role)
        role.url = speaker_url.format(role.speaker_id)
    context = {
        "edition": session.edition,
        "session": session,
        "kind_label": _label(Session.Kind, session.kind),
        "language_label": _label(Session.Language, session.language),
        "roles": roles,
        "themes": session_page.themes(session),
        "links": session_links(session),
        # Speakers' documents appear once the session has ended, each only if its speaker
        # agreed.
        "documents": (
            session.documents.filter(publish=True).select_related("speaker")
            if session.end <= timezone.now()
            else []
        ),
    }
    return render(request, "program/session.html", context)


@cache_public_page
def speakers(request, number):
    edition = get_edition_or_404(request, number)
    return render(
        request,
        "program/speakers.html",
        {"edition": edition, "speakers": Speaker.objects.filter(edition=edition)},
    )


@cache_public_page
def speaker_detail(request, number, speaker_id):
    edition = get_edition_or_404(request, number)
    speaker = get_object_or_404(Speaker, pk=speaker_id, edition=edition)
    roles = speaker.session_roles.select_related("session__room").order_by("session__start")
    return render(
        request,
        "program/speaker.html",
        {"edition": edition, "speaker": speaker, "roles": roles},
    )


@cache_public_page
def program_pdf(request, number):
    edition = get_edition_or_404(request, number)
    days = [(day, build_day(day, s)) for day, s in _by_day(edition, _sessions(edition)).items()]
    language = translation.get_language()
    return pdf_response(
        "program/program_pdf.html",
        {"edition": edition, "days": days},
        f"program-{edition.number}-{language}.pdf",
        request=request,
    )


@cache_public_page
def program_ics(request, number):
    edition = get_edition_or_404(request, number)
    sessions = Session.objects.filter(edition=edition).select_related("room")
    items = [session_item(s, edition.number) for s in sessions]
    name = f"{edition.title} – {edition.ordinal}"
    return calendar_response(items, name, f"program-{edition.number}.ics")


@cache_public_page
def session_ics(request, number, session_id):
    edition = get_edition_or_404(request, number)
    session = get_object_or_404(
        Session.objects.select_related("room"), pk=session_id, edition=edition
    )
    return calendar_response(
        [session_item(session, edition.number)], session.title, f"session-{session.pk}.ics"
    )


# Personal pages: the participant's agenda, sign-up and cafés.


def feed_token(registration):
    """The secret of a participant's calendar feed; a new access key revokes it."""
    return signing.dumps([registration.pk, registration.access_key[:12]], salt=FEED_SALT)


def feed_url(registration):
    # From SITE_URL, never from the request's Host header.
    path = reverse("program:agenda_feed", kwargs={"token": feed_token(registration)})
    return settings.SITE_URL + path


def _agenda_context(registration):
    return {
        "edition": registration.edition,
        "registration": registration,
        "days": by_day(personal_agenda(registration)),
    }


@registration_required
def my_agenda(request, number):
    registration = request.registration
    context = _agenda_context(registration)
    context["waiting"] = waiting_sessions(registration)
    context["feed_url"] = feed_url(registration)
    return render(request, "program/my_agenda.html", context)


@registration_required
def my_agenda_pdf(request, number):
    registration = request.registration
    return pdf_response(
        "program/my_agenda_pdf.html",
        _agenda_context(registration),
        f"agenda-{registration.edition.number}.pdf",
        request=request,
    )


def agenda_feed(request, token):
    """A participant's agenda as a subscribable calendar: the URL itself is the secret."""
    try:
        pk, key = signing.loads(token, salt=FEED_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise Http404 from None
    registration = (
        Registration.objects.select_related("edition").filter(pk=pk).first()
        if isinstance(pk, int)
        else None
    )
    if registration is None or registration.access_key[:12] != key:
        raise Http404
    if not registration.is_active:
        # Gone for good: calendar clients stop asking; a browser reads why.
        return ended_page(request, registration, status=410)
    with translation.override(registration.language):
        items = personal_agenda(registration)
        response = calendar_response(
            items, str(registration.edition), f"agenda-{registration.edition.number}.ics"
        )
    response["Cache-Control"] = "private, no-store"
    return response


def _signup_sessions(registration):
    """Sessions open to sign-up, with places taken, and this person's attendance in each."""
    sessions = (
        Session.objects.filter(edition_id=registration.edition_id, signup_required=True)
        .exclude(kind=Session.Kind.CAFE)
        .select_related("room")
        .annotate(taken=Count("attendances", filter=Q(attendances__status="confirmed")))
    )
    mine = {a.session_id: a for a in Attendance.objects.filter(registration_id=registration.pk)}
    now = timezone.now()
    rows = []
    for session in sessions:
        places = session.places
        rows.append(
            {
                "session": session,
                "attendance": mine.get(session.pk),
                "left": _left(session, places, registration),
                "open": session.signup_is_open(now),
            }
        )
    return rows


def _left(session, places, registration):
    if places is None:
        return None
    if session.reserved_seats:
        # Seats reserved for VIPs are free only to them: the sign-up rules count them.
        return signup_domain.places_left(session, registration)
    return max(places - session.taken, 0)


REFUSAL_KEY = "program_refusal"


@registration_required
def my_sessions(request, number):
    registration = request.registration
    # A refused sign-up is shown in the card of the session acted on, which may be far
    # down the page, rather than among the messages at the top.
    refusal = request.session.pop(REFUSAL_KEY, None) or {}
    return render(
        request,
        "program/my_sessions.html",
        {
            "edition": registration.edition,
            "registration": registration,
            "rows": _signup_sessions(registration),
            "refusal": refusal,
        },
    )


@require_POST
@registration_required
def signup(request, number, session_id):
    registration = request.registration
    # Another edition's session or a tampered id: not found, as for any unknown page.
    session = get_object_or_404(Session, pk=session_id, edition_id=registration.edition_id)
    action = request.POST.get("action", "sign_up")
    try:
        if action == "cancel":
            signup_domain.cancel(registration, session)
            messages.success(
                request, _("Done: you no longer attend “%(title)s”.") % {"title": session.title}
            )
        else:
            attendance = signup_domain.sign_up(
                registration, session, waiting_list=action == "waiting_list"
            )
            if attendance.status == Attendance.Status.WAITING:
                messages.success(
                    request,
                    _("You are on the waiting list of “%(title)s”.") % {"title": session.title},
                )
            else:
                messages.success(
                    request, _("You have a place in “%(title)s”.") % {"title": session.title}
                )
    except signup_domain.SignupError as error:
        request.session[REFUSAL_KEY] = {"session": session.pk, "message": str(error.message)}
        # No fragment: browsers skip `autofocus` when the address targets an element, and
        # the focus on the refusal is what brings it into view and has it read out.
        return redirect("program:my_sessions", number=number)
    return redirect(
        f"{reverse('program:my_sessions', kwargs={'number': number})}#session-{session.pk}"
    )


@registration_required
def my_cafes(request, number):
    registration = request.registration
    cafe_round = CafeRound.objects.filter(edition_id=registration.edition_id).first()
    if cafe_round is None:
        raise Http404
    cafes = list(cafe_round.cafes())
    current = list(
        CafeChoice.objects.filter(cafe_round=cafe_round, registration=registration)
        .order_by("rank")
        .values_list("session_id", flat=True)
    )
    initial = dict(zip(("first", "second", "third"), current, strict=False))
    form = CafeChoiceForm(request.POST or None, cafes=cafes, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            cafes_domain.choose(registration, cafe_round, form.ranked())
        except signup_domain.SignupError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Your choice of cafés is saved. You can change it until the deadline.")
            )
            return redirect("program:my_cafes", number=number)
    placement = None
    if cafe_round.published_at:
        placement = (
            Attendance.objects.filter(registration=registration, session__in=cafe_round.cafes())
            .select_related("session__room")
            .first()
        )
    return render(
        request,
        "program/my_cafes.html",
        {
            "edition": registration.edition,
            "registration": registration,
            "cafe_round": cafe_round,
            "cafes": cafes,
            "form": form,
            "is_open": cafe_round.choices_are_open(),
            "placement": placement,
        },
    )
