"""The partner's space through a magic link, like the participants' personal space.

A link carries the space's id and a prefix of its access key, signed and dated (the same
lifetime as participants' links); a new key (the organisers' "send the link" action can
renew it) stops every link sent so far. Opening a link stores the space in the session for
that edition only. An exhibitor's staff, who are registered participants, reach the leads
pages from their own personal space.
"""

import functools

from django.conf import settings
from django.core import signing
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from rencontres.registration.access import KEY_PREFIX, current_registration, link_max_age

from .models import PartnerSpace, PartnerStaff

SALT = "rencontres.partners.access"


def session_key(number):
    return f"partner:{number}"


def make_token(space):
    return signing.dumps([space.pk, space.access_key[:KEY_PREFIX]], salt=SALT)


def read_token(token):
    """The PartnerSpace a token opens, or None when forged, expired or revoked."""
    try:
        pk, key = signing.loads(token, salt=SALT, max_age=link_max_age())
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(pk, int):
        return None
    space = PartnerSpace.objects.select_related("partner__edition").filter(pk=pk).first()
    if space is None or space.access_key[:KEY_PREFIX] != key:
        return None
    return space


def space_url(space):
    """Absolute magic link for mails, in the partner's language."""
    with translation.override(space.language):
        path = reverse("partners:magic", kwargs={"token": make_token(space)})
    return settings.SITE_URL + path


def open_space(request, space):
    request.session.cycle_key()
    request.session[session_key(space.edition.number)] = [space.pk, space.access_key]


def current_space(request, number):
    stored = request.session.get(session_key(number))
    if not stored:
        return None
    pk, key = stored
    return (
        PartnerSpace.objects.select_related("partner__edition")
        .filter(pk=pk, partner__edition__number=number, access_key=key)
        .first()
    )


def staff_space(request, number):
    """The exhibitor whose staff member is signed in to their personal space, if any."""
    registration = current_registration(request, number)
    if registration is None or not registration.is_active:
        return None
    link = (
        PartnerStaff.objects.select_related("space__partner__edition")
        .filter(registration=registration, space__is_exhibitor=True)
        .first()
    )
    return link.space if link else None


def _no_store(response):
    response["Cache-Control"] = "private, no-store"
    return response


def partner_required(view):
    """For views with an edition `number`: sets request.space (the partner's own link)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        space = current_space(request, kwargs["number"])
        if space is None:
            return redirect("partners:no_access", number=kwargs["number"])
        request.space = space
        return _no_store(view(request, *args, **kwargs))

    return wrapper


def exhibitor_required(view):
    """For the leads pages: the exhibitor's own link, or one of its staff signed in."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        number = kwargs["number"]
        space = current_space(request, number) or staff_space(request, number)
        if space is None:
            return redirect("partners:no_access", number=number)
        request.space = space
        return _no_store(view(request, *args, **kwargs))

    return wrapper
