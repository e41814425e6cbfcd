from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from rencontres.core.cache import cache_public_page

from .models import AccessRoute, Edition


def _public_edition(number):
    queryset = Edition.objects.public().select_related("organiser", "venue")
    return get_object_or_404(queryset, number=number)


@cache_public_page
def home(request):
    edition = Edition.objects.public().select_related("organiser", "venue").featured()
    return render(request, "editions/home.html", {"edition": edition})


@cache_public_page
def archive(request):
    editions = Edition.objects.public().select_related("venue").order_by("-start_date")
    return render(request, "editions/archive.html", {"editions": editions})


@cache_public_page
def detail(request, number):
    edition = _public_edition(number)
    return render(
        request,
        "editions/detail.html",
        {"edition": edition, "formats": edition.formats.all(), "section": "detail"},
    )


@cache_public_page
def practical(request, number):
    edition = _public_edition(number)
    if edition.venue_id is None:
        raise Http404
    routes = AccessRoute.objects.filter(venue_id=edition.venue_id)
    return render(
        request,
        "editions/practical.html",
        {"edition": edition, "routes": routes, "section": "practical"},
    )


@cache_public_page
def partners(request, number):
    edition = _public_edition(number)
    return render(
        request,
        "editions/partners.html",
        {"edition": edition, "partners": edition.partners.all(), "section": "partners"},
    )


@cache_public_page
def contact(request, number):
    edition = _public_edition(number)
    return render(request, "editions/contact.html", {"edition": edition, "section": "contact"})


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
