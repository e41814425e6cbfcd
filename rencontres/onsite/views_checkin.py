"""Check-in staff's pages: the scanner (camera, handheld scanner, search; works offline), its
data and sync endpoints, the check-in button of a badge's page, and the on-site desk.

Every view needs the `onsite.check_in` permission: staff log in with their account; a
participant's personal link never opens these pages.
"""

import functools
import hashlib
import json
import uuid
from urllib.parse import unquote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from rencontres.core.middleware import permissions_policy
from rencontres.editions.models import Edition
from rencontres.organisers.scoping import editions_for
from rencontres.registration.domain import RegistrationError
from rencontres.registration.models import Registration

from .domain import checkin, scanner_data
from .domain import desk as walk_ins
from .forms_desk import WalkInForm

DEVICE_COOKIE = "onsite_device"
# Scans per sync request: a device's offline queue goes in several requests beyond this.
MAX_SCANS = 500


def check_in_required(view):
    """Logged-out visitors go to the login page; staff without the permission get a 403, and
    a 404 for an edition of an organiser whose team they are not in (or not with it)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm("onsite.check_in"):
            raise PermissionDenied
        if "number" in kwargs:
            get_object_or_404(
                editions_for(request.user, "onsite.check_in"), number=kwargs["number"]
            )
        return view(request, *args, **kwargs)

    return never_cache(wrapped)


def _edition(number):
    return get_object_or_404(Edition.objects.select_related("venue"), number=number)


def scanner_assets():
    """What the service worker keeps for offline use, besides the page itself."""
    return [
        static("onsite/scanner.js"),
        static("onsite/scanner.css"),
        static("onsite/vendor/jsQR-1.4.0.js"),
        static("core/site.css"),
        static("core/htmx.min.js"),
        static("core/favicon.svg"),
    ]


@permissions_policy(camera=["self"])
@check_in_required
def scanner(request, number):
    edition = _edition(number)
    config = {
        "edition": edition.number,
        "language": get_language(),
        "timeZone": settings.TIME_ZONE,
        "urls": {
            "data": reverse("onsite:scanner_data", args=[number]),
            "sync": reverse("onsite:scanner_sync", args=[number]),
            "worker": reverse("onsite:service_worker", args=[number]),
            "page": request.path,
            "assets": scanner_assets(),
        },
        "answers": {
            code: {"colour": colour, "title": str(title), "detail": str(detail)}
            for code, (colour, title, detail) in checkin.ANSWERS.items()
        },
        "strings": scanner_strings(),
    }
    return render(request, "onsite/scanner.html", {"edition": edition, "config": config})


def scanner_strings():
    """The scanner's own words, rendered into the page in the user's language."""
    return {
        "offline": {
            "one": _("offline — %(count)s scan waiting"),
            "other": _("offline — %(count)s scans waiting"),
        },
        "sending": {
            "one": _("online — sending %(count)s scan"),
            "other": _("online — sending %(count)s scans"),
        },
        "upToDate": _("up to date (%(time)s)"),
        "neverLoaded": _("The list of badges is not on this device yet: connect it once."),
        "loggedOut": _("Your session has ended: log in again to send the waiting scans."),
        "entrance": _("Entrance"),
        "checkIn": _("Check in"),
        "noMatch": _("Nobody matches “%(query)s”."),
        "conflict": _("Scanned offline at %(time)s, refused by the server: %(reason)s"),
        "offlineDecision": _("Decided on this device (offline)."),
        "cameraError": _("The camera cannot start: %(error)s. Use the text field or the search."),
        "cameraOn": _("Camera on: show a badge's QR code."),
        "accessibility": _("Accessibility needs: %(needs)s"),
        "dietary": _("Dietary needs: %(needs)s"),
    }


@check_in_required
def scanner_data_view(request, number):
    """The edition's people with their badges' hashes, and the sessions, for offline use."""
    edition = _edition(number)
    data = scanner_data.build(edition)
    # The page may come from the service worker's cache: the token comes fresh from here.
    data["csrf"] = get_token(request)
    return JsonResponse(data)


@require_POST
@check_in_required
def scanner_sync(request, number):
    """Scans from a device: live ones (one at a time) and its offline queue, replayed safely."""
    edition = get_object_or_404(Edition.objects.only("pk", "number"), number=number)
    try:
        payload = json.loads(request.body or b"{}")
        scans = payload["scans"]
        if not isinstance(scans, list):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        return HttpResponseBadRequest(_("Expected JSON with a list of scans."))
    if len(scans) > MAX_SCANS:
        return HttpResponseBadRequest(_("Too many scans at once."))
    results = checkin.sync(
        edition, scans, device_name=str(payload.get("device") or ""), user=request.user
    )
    return JsonResponse(
        {
            "now": timezone.now().isoformat(),
            "results": [checkin.answer(client_id, verdict) for client_id, verdict in results],
        }
    )


def service_worker(request, number):
    """The scanner's service worker, served under the scanner's path so that it controls it.

    It holds no personal data (the people are in IndexedDB, for logged-in staff only)."""
    context = {"static_prefix": settings.STATIC_URL, "version": _asset_version()}
    body = render_to_string("onsite/sw.js", context)
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


@functools.cache
def _asset_version():
    # Hashed names change with the files (manifest storage): a changed worker is reinstalled.
    return hashlib.sha256(" ".join(scanner_assets()).encode()).hexdigest()[:12]


@require_POST
@check_in_required
def badge_check_in(request, token):
    """The "check in" button of the page a badge's QR code opens on a staff member's phone."""
    edition = editions_for(request.user, "onsite.check_in").public().featured()
    if edition is None:
        verdict = checkin.Verdict("unknown")
    else:
        # Set by the scanner page on this phone, if it was ever opened there.
        name = unquote(request.COOKIES.get(DEVICE_COOKIE, "")) or _("Phone")
        verdict = checkin.scan(
            edition,
            client_id=checkin.parse_client_id(request.POST.get("client_id")) or uuid.uuid4(),
            token=token,
            device=checkin.device_named(edition, name),
            user=request.user,
        )
    return render(
        request,
        "onsite/badge_staff.html",
        {"token": token, "registration": verdict.registration, "verdict": verdict, "done": True},
    )


@check_in_required
def desk(request, number):
    """Register a walk-in through the registration rules, then print their badge at once."""
    edition = _edition(number)
    form = WalkInForm(request.POST or None, edition=edition)
    if request.method == "POST" and form.is_valid():
        try:
            registration, created = walk_ins.register_walk_in(
                edition, form.cleaned_data, request.user
            )
        except RegistrationError as error:
            form.add_error(None, str(error))
        else:
            if not created:
                messages.info(
                    request,
                    _("%(name)s was already registered with this address: nothing was created.")
                    % {"name": registration.full_name},
                )
            return redirect("onsite:desk_person", number, registration.pk)
    return render(request, "onsite/desk.html", {"edition": edition, "form": form})


@check_in_required
def desk_person(request, number, registration_id):
    edition = _edition(number)
    registration = get_object_or_404(
        Registration.objects.select_related("category"), pk=registration_id, edition=edition
    )
    return render(
        request,
        "onsite/desk_person.html",
        {
            "edition": edition,
            "registration": registration,
            "status": walk_ins.status_of(registration),
        },
    )


@require_POST
@check_in_required
def desk_badge(request, number, registration_id):
    """One person's badge as a PDF, printed from the desk (a reprint revokes the old QR)."""
    edition = _edition(number)
    registration = get_object_or_404(Registration, pk=registration_id, edition=edition)
    if registration.status != Registration.Status.CONFIRMED:
        raise PermissionDenied
    pdf = walk_ins.print_badge(registration, request.user)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="badge-{registration.pk}.pdf"'
    return response
