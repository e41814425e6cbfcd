"""The participant's personal data page (consents, download, erasure) and the organisers'
public privacy notices."""

import functools

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rencontres.core.cache import cache_public_page
from rencontres.editions.models import Organiser
from rencontres.registration import access

from .domain import PrivacyError, consents, erasure, export
from .domain.retention import settings_for
from .models import ErasureRequest


def own_data(view):
    """`registration_required`, except that someone whose registration has ended (cancelled,
    refused) still reaches this page: the rights of access and erasure outlive the place.
    An anonymised registration has a new access key, so its old session opens nothing."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        registration = access.current_registration(request, kwargs["number"])
        if registration is None or registration.is_active:
            return access.registration_required(view)(request, *args, **kwargs)
        request.registration = registration
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response

    return wrapper


@own_data
def my_data(request, number):
    registration = request.registration
    context = {
        "edition": registration.edition,
        "registration": registration,
        "consents": consents.states(registration),
        "erasure": ErasureRequest.objects.filter(registration=registration).first(),
    }
    return render(request, "privacy/my_data.html", context)


@require_POST
@own_data
def consent(request, number):
    registration = request.registration
    kind = request.POST.get("kind", "")
    given = request.POST.get("given") == "1"
    try:
        consents.set_consent(registration, kind, given)
    except PrivacyError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Your consent is recorded.") if given else _("Your consent is withdrawn.")
        )
    return redirect("privacy:my_data", number=number)


@own_data
def download(request, number):
    registration = request.registration
    response = HttpResponse(export.zip_bytes(registration), content_type="application/zip")
    name = slugify(_("my personal data %(reference)s") % {"reference": registration.reference})
    response["Content-Disposition"] = f'attachment; filename="{name}.zip"'
    return response


@own_data
def erase(request, number):
    registration = request.registration
    if request.method == "POST":
        erasure.ask(registration)
        messages.success(
            request,
            _(
                "Your request is recorded. The organiser erases your data at once or, if you "
                "still hold a place, at the end of the event."
            ),
        )
        return redirect("privacy:my_data", number=number)
    return render(
        request,
        "privacy/erase.html",
        {"edition": registration.edition, "registration": registration},
    )


def notice_context(organiser):
    return {"organiser": organiser, "rules": settings_for(organiser)}


@cache_public_page
def notice(request, organiser_id):
    organiser = get_object_or_404(Organiser, pk=organiser_id)
    if not organiser.editions.public().exists():
        raise Http404
    return render(request, "privacy/notice.html", notice_context(organiser))
