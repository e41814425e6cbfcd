from django.http import Http404
from django.shortcuts import redirect, render

from rencontres.core.cache import cache_public_page

from .models import ROUTE_GROUP_LABELS, AccessRoute, Edition, partners_by_role
from .shortcuts import get_edition_or_404


@cache_public_page
def home(request):
    edition = Edition.objects.public().select_related("organiser", "venue").featured()
    partners = partners_by_role(edition.partners.all()) if edition else []
    return render(request, "editions/home.html", {"edition": edition, "partner_groups": partners})


@cache_public_page
def archive(request):
    editions = Edition.objects.public().select_related("venue").order_by("-start_date")
    return render(request, "editions/archive.html", {"editions": editions})


@cache_public_page
def detail(request, number):
    edition = get_edition_or_404(request, number)
    return render(
        request, "editions/detail.html", {"edition": edition, "formats": edition.formats.all()}
    )


@cache_public_page
def practical(request, number):
    edition = get_edition_or_404(request, number)
    if edition.venue_id is None:
        raise Http404
    routes = {}
    for route in AccessRoute.objects.filter(venue_id=edition.venue_id):
        routes.setdefault(route.group, []).append(route)
    groups = [(label, routes[key]) for key, label in ROUTE_GROUP_LABELS.items() if key in routes]
    context = {
        "edition": edition,
        "route_groups": groups,
        "hotels": edition.hotels.all(),
        "visa_notes": edition.visa_notes.all(),
    }
    return render(request, "editions/practical.html", context)


@cache_public_page
def partners(request, number):
    edition = get_edition_or_404(request, number)
    return render(
        request,
        "editions/partners.html",
        {"edition": edition, "partner_groups": partners_by_role(edition.partners.all())},
    )


@cache_public_page
def contact(request, number):
    edition = get_edition_or_404(request, number)
    return render(request, "editions/contact.html", {"edition": edition})


def current(request):
    """A stable link to whichever edition is current (used in mails and printed material)."""
    edition = Edition.objects.public().featured()
    if edition is None:
        raise Http404
    return redirect(edition)


@cache_public_page
def accessibility(request):
    return render(request, "editions/accessibility.html")


@cache_public_page
def privacy(request):
    return render(request, "editions/privacy.html")
