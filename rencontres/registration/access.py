"""Magic links to a participant's personal space (Django's signing, no account, no password).

A link carries the registration's id and a prefix of its access key, signed and dated: it
expires after REGISTRATION_LINK_MAX_AGE seconds, and changing the access key revokes every
link sent so far. Opening it stores the registration in the session for that edition only.
"""

import functools
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

SALT = "rencontres.registration.access"
KEY_PREFIX = 12


def link_max_age():
    return getattr(settings, "REGISTRATION_LINK_MAX_AGE", 60 * 60 * 24 * 45)


def session_key(number):
    return f"registration:{number}"


def make_token(holder, salt=SALT):
    """A signed, dated token for anything with a pk and an access_key (a registration, a
    speaker): changing the key revokes every token made so far."""
    return signing.dumps([holder.pk, holder.access_key[:KEY_PREFIX]], salt=salt)


def read_token(token, salt=SALT, max_age=None, queryset=None):
    """The object (a Registration unless `queryset` says otherwise) a token opens, or None
    when it is forged, expired or revoked."""
    from .models import Registration

    try:
        pk, key = signing.loads(token, salt=salt, max_age=max_age or link_max_age())
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if queryset is None:
        queryset = Registration.objects.all()
    holder = (
        queryset.select_related("edition").filter(pk=pk).first() if isinstance(pk, int) else None
    )
    if holder is None or holder.access_key[:KEY_PREFIX] != key:
        return None
    return holder


def login_url_for(registration, path_name="registration:space"):
    """Site-relative magic link (for tests and for building absolute ones)."""
    with translation.override(registration.language):
        target = reverse(path_name, kwargs={"number": registration.edition.number})
        login = reverse("registration:magic", kwargs={"token": make_token(registration)})
    return f"{login}?{urlencode({'next': target})}"


def personal_url(registration, path_name="registration:space"):
    """Absolute magic link for mails, in the participant's language."""
    return settings.SITE_URL + login_url_for(registration, path_name)


def open_space(request, registration):
    """Let this browser into this registration's space (and only that edition's space)."""
    request.session.cycle_key()
    request.session[session_key(registration.edition.number)] = [
        registration.pk,
        registration.access_key,
    ]


def safe_next(request, default):
    """`next` when it is a path on this site, else `default`.

    The leading slash is required: a bare word such as `editions` would be taken by
    `redirect()` for a URL name, and a relative path would depend on the link's own path.
    """
    target = request.GET.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return default


def dead_link(token, salt=SALT):
    """Why a token that opens nothing fails: ("expired" or "revoked", its edition) for a link
    the platform did sign, ("invalid", None) for a forged or mangled one, whose edition is
    not worth trusting."""
    from rencontres.editions.models import Edition

    try:
        pk, key = signing.loads(token, salt=salt)  # the signature alone, whatever its age
    except (signing.BadSignature, ValueError, TypeError):
        return "invalid", None
    edition = Edition.objects.filter(registrations__pk=pk).first() if isinstance(pk, int) else None
    if edition is None:
        return "invalid", None
    revoked = not edition.registrations.filter(pk=pk, access_key__startswith=key).exists()
    return ("revoked" if revoked else "expired"), edition


def current_registration(request, number):
    from .models import Registration

    stored = request.session.get(session_key(number))
    if not stored:
        return None
    pk, key = stored
    return (
        Registration.objects.select_related("edition", "category", "delegation")
        .filter(pk=pk, edition__number=number, access_key=key)
        .first()
    )


def ended_page(request, registration, status=200):
    """What any personal link or feed of an ended registration (cancelled, refused) shows
    instead of personal data: a page in the visitor's language that says so, with "send me
    a new link" when a live registration of the same address exists for the edition."""
    from .models import Registration

    live = (
        Registration.objects.filter(
            edition_id=registration.edition_id, email__iexact=registration.email
        )
        .exclude(status__in=Registration.ENDED)
        .exclude(pk=registration.pk)
        .first()
    )
    context = {"edition": registration.edition, "registration": registration, "live": live}
    response = render(request, "registration/ended.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


def registration_required(view):
    """For views with an edition `number`: sets request.registration or asks for a new link."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        number = kwargs["number"]
        registration = current_registration(request, number)
        if registration is None:
            messages.info(
                request,
                _(
                    "To open your personal space, use the link from your mails or ask for a new one."
                ),
            )
            return redirect("registration:lost_link", number=number)
        if not registration.is_active:
            return ended_page(request, registration)
        request.registration = registration
        response = view(request, *args, **kwargs)
        # Personal pages are never cached by browsers or proxies.
        response["Cache-Control"] = "private, no-store"
        return response

    return wrapper
