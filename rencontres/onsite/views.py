from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from rencontres.editions.models import Edition
from rencontres.registration.access import registration_required

from .domain.badges import find_badge
from .domain.certificates import certificate_pdf


@never_cache
def badge(request, token):
    """What a badge's QR code opens: the person for check-in staff, a neutral page for others.

    The neutral page is the same whatever the token (valid, revoked, forged), so that it
    tells nothing about who holds a badge or whether a token exists.
    """
    if request.user.has_perm("onsite.check_in"):
        found = find_badge(token)
        if found is not None and not request.user.has_perm("onsite.check_in", found):
            found = None  # another organiser's badge: unknown to this team
        context = {
            "token": token,
            "badge": found,
            "registration": found.registration if found else None,
        }
        return render(request, "onsite/badge_staff.html", context)
    edition = Edition.objects.public().select_related("venue").featured()
    return render(request, "onsite/badge_public.html", {"edition": edition})


@registration_required
def certificate(request, number):
    """The participant's certificate of attendance, once they have been checked in."""
    pdf = certificate_pdf(request.registration)
    if pdf is None:
        raise Http404
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"certificate-{request.registration.reference}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
