from django.shortcuts import render
from django.views.decorators.cache import never_cache

from rencontres.editions.models import Edition

from .domain.badges import find_badge


@never_cache
def badge(request, token):
    """What a badge's QR code opens: the person for check-in staff, a neutral page for others.

    The neutral page is the same whatever the token (valid, revoked, forged), so that it
    tells nothing about who holds a badge or whether a token exists.
    """
    if request.user.has_perm("onsite.check_in"):
        found = find_badge(token)
        context = {
            "token": token,
            "badge": found,
            "registration": found.registration if found else None,
        }
        return render(request, "onsite/badge_staff.html", context)
    edition = Edition.objects.public().select_related("venue").featured()
    return render(request, "onsite/badge_public.html", {"edition": edition})
