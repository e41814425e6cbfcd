from django.http import Http404
from django.shortcuts import redirect, render

from rencontres.core.cache import cache_public_page
from rencontres.organisers.sites import public_editions

from .models import ROUTE_GROUP_LABELS, AccessRoute, Edition, Organiser, partners_by_role
from .shortcuts import get_edition_or_404


@cache_public_page
def home(request, prefix=None):
    """The featured edition of the organiser whose address this is (its domain or `/o/<prefix>/`),
    or of the organisers served by the platform's own address."""
    organiser, editions = public_editions(request, prefix)
    edition = editions.select_related("organiser", "venue").featured()
    partners = partners_by_role(edition.partners.all()) if edition else []
    context = {"edition": edition, "partner_groups": partners, "site_organiser": organiser}
    return render(request, "editions/home.html", context)


@cache_public_page
def archive(request):
    _organiser, editions = public_editions(request)
    editions = editions.select_related("venue").order_by("-start_date")
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
    edition = public_editions(request)[1].featured()
    if edition is None:
        raise Http404
    return redirect(edition)


@cache_public_page
def accessibility(request):
    return render(request, "editions/accessibility.html")


@cache_public_page
def privacy(request):
    organisers = Organiser.objects.filter(editions__in=Edition.objects.public()).distinct()
    return render(request, "editions/privacy.html", {"organisers": organisers})
