"""Participants' B2B pages: the public presentation, then (personal space) the directory,
profiles, requests, availability and the published schedule."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from rencontres.core.cache import cache_public_page
from rencontres.core.uploads import serve_private
from rencontres.editions.shortcuts import get_edition_or_404
from rencontres.registration.access import current_registration, registration_required

from .domain import NetworkingError
from .domain.availability import set_busy, slot_status
from .domain.photos import may_see_photo
from .domain.recommendations import recommendations_for
from .domain.requests import (
    answer_request,
    can_take_part,
    cancel_request,
    delegation_colleagues,
    open_requests_between,
    requests_of,
    send_request,
)
from .domain.scheduling import meetings_of, other_side
from .domain.settings import settings_for
from .domain.slots import edition_slots
from .forms import AvailabilityForm, DirectoryFilterForm, ProfileForm, RequestForm
from .models import MeetingRequest, Profile

PAGE_SIZE = 24


@cache_public_page
def about(request, number):
    edition = get_edition_or_404(request, number)
    return render(
        request,
        "networking/about.html",
        {
            "edition": edition,
            "slots": edition_slots(edition),
            "settings": settings_for(edition),
            "section": "about",
        },
    )


def _context(request, **extra):
    registration = request.registration
    return {
        "edition": registration.edition,
        "registration": registration,
        "opted_in": can_take_part(registration),
        **extra,
    }


def _listed(registration):
    return (
        Profile.objects.listed(registration.edition)
        .select_related("registration")
        .prefetch_related("themes")
    )


@registration_required
def directory(request, number):
    registration = request.registration
    # Only those who appear in it open it: a confirmed place and the opt-in.
    listed = _listed(registration) if can_take_part(registration) else Profile.objects.none()
    codes = sorted({str(c) for c in listed.values_list("registration__country", flat=True)})
    profiles = listed.exclude(registration=registration)
    form = DirectoryFilterForm(request.GET or None, country_codes=codes)
    filtered = bool(request.GET) and form.is_valid() and any(form.cleaned_data.values())
    if filtered:
        data = form.cleaned_data
        for word in data["q"].split():
            profiles = profiles.filter(
                Q(registration__first_name__icontains=word)
                | Q(registration__last_name__icontains=word)
                | Q(registration__organisation__icontains=word)
                | Q(registration__city__icontains=word)
            )
        if data["country"]:
            profiles = profiles.filter(registration__country=data["country"])
        if data["type"]:
            profiles = profiles.filter(registration__organisation_type=data["type"])
        if data["theme"]:
            theme = data["theme"]
            profiles = profiles.filter(
                Q(themes=theme) | Q(offers=theme) | Q(seeks=theme)
            ).distinct()
        if data["language"]:
            profiles = profiles.filter(languages__regex=rf"(^|,){data['language']}(,|$)")
    page = Paginator(profiles, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    suggestions = []
    if not filtered and page.number == 1 and can_take_part(registration):
        suggestions = recommendations_for(registration)
    return render(
        request,
        "networking/directory.html",
        _context(
            request,
            form=form,
            page=page,
            query=query.urlencode(),
            filtered=filtered,
            suggestions=suggestions,
        ),
    )


def _listed_person(registration, registration_id):
    profile = _listed(registration).filter(registration_id=registration_id).first()
    if profile is None or not can_take_part(registration):
        raise Http404
    return profile


@registration_required
def profile(request, number, registration_id):
    registration = request.registration
    shown = _listed_person(registration, registration_id)
    existing = open_requests_between(registration, shown.registration).first()
    return render(
        request,
        "networking/profile.html",
        _context(
            request,
            profile=shown,
            person=shown.registration,
            existing=existing,
            is_me=shown.registration_id == registration.pk,
        ),
    )


@registration_required
def new_request(request, number, registration_id):
    registration = request.registration
    target = _listed_person(registration, registration_id).registration
    if target.pk == registration.pk:
        raise Http404
    people = registration.__class__.objects
    mine = people.filter(pk__in=[p.pk for p in delegation_colleagues(registration)])
    theirs = people.filter(pk__in=[p.pk for p in delegation_colleagues(target)])
    form = RequestForm(request.POST or None, mine=mine, theirs=theirs)
    if request.method == "POST" and form.is_valid():
        try:
            send_request(
                registration,
                target,
                message=form.cleaned_data["message"],
                colleagues=list(form.cleaned_data.get("colleagues") or []),
                their_colleagues=list(form.cleaned_data.get("their_colleagues") or []),
            )
        except NetworkingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Your request has been sent to %(name)s.") % {"name": target.full_name},
            )
            return redirect("networking:my_requests", number=number)
    return render(
        request, "networking/request_form.html", _context(request, form=form, person=target)
    )


@registration_required
def my_profile(request, number):
    registration = request.registration
    # The directory consent given at registration is the opt-in's default.
    instance = Profile.objects.filter(registration=registration).first() or Profile(
        registration=registration, opted_in=registration.directory_consent
    )
    form = ProfileForm(request.POST or None, request.FILES or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        if form.instance.opted_in:
            messages.success(request, _("Your profile is saved and appears in the directory."))
        else:
            messages.success(
                request, _("Your profile is saved. It does not appear in the directory.")
            )
        return redirect("networking:my_profile", number=number)
    return render(request, "networking/my_profile.html", _context(request, form=form))


@registration_required
def my_requests(request, number):
    registration = request.registration
    received, sent = [], []
    for item in requests_of(registration):
        side_b = list(item.party_b.all())
        item.mine_to_answer = any(p.pk == registration.pk for p in side_b)
        item.others = side_b if not item.mine_to_answer else list(item.party_a.all())
        (received if item.mine_to_answer else sent).append(item)
    return render(
        request,
        "networking/my_requests.html",
        _context(request, received=received, sent=sent, Status=MeetingRequest.Status),
    )


ACTIONS = {
    "accept": lambda item, who: answer_request(item, who, accept=True),
    "decline": lambda item, who: answer_request(item, who, accept=False),
    "cancel": cancel_request,
}
DONE = {
    "accept": gettext_lazy(
        "You accepted the request. The meeting will be in your B2B schedule once the organisers publish it."
    ),
    "decline": gettext_lazy("You declined the request."),
    "cancel": gettext_lazy("The request is cancelled and the other people are told."),
}


@require_POST
@registration_required
def request_action(request, number, request_id, action):
    registration = request.registration
    if action not in ACTIONS:
        raise Http404
    item = get_object_or_404(requests_of(registration), pk=request_id)
    try:
        ACTIONS[action](item, registration)
    except NetworkingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, DONE[action])
    return redirect("networking:my_requests", number=number)


@registration_required
def my_availability(request, number):
    registration = request.registration
    slots = edition_slots(registration.edition)
    statuses = slot_status(registration, slots)
    initial = {"busy": [slot.id for slot, marked, _session in statuses if marked]}
    form = AvailabilityForm(request.POST or None, slots=slots, initial=initial)
    if request.method == "POST" and form.is_valid():
        set_busy(registration, form.cleaned_data["busy"])
        messages.success(request, _("Your availability is saved."))
        return redirect("networking:my_availability", number=number)
    return render(
        request,
        "networking/my_availability.html",
        _context(request, form=form, statuses=statuses),
    )


@registration_required
def my_schedule(request, number):
    registration = request.registration
    meetings = meetings_of(registration)
    for meeting in meetings:
        meeting.others = other_side(meeting, registration)
    listed = set(
        Profile.objects.listed(registration.edition).values_list("registration_id", flat=True)
    )
    published = registration.edition.b2b_runs.filter(published_at__isnull=False).exists()
    return render(
        request,
        "networking/my_schedule.html",
        _context(request, meetings=meetings, listed=listed, published=published),
    )


def photo(request, name):
    """A profile photo, for those who may see the profile (404 for everyone else)."""
    profile = get_object_or_404(
        Profile.objects.select_related("registration__edition").exclude(photo=""), photo=name
    )
    viewer = current_registration(request, profile.registration.edition.number)
    if not may_see_photo(profile, viewer, request.user):
        raise Http404
    return serve_private(profile.photo)
