"""The public press page of an edition and its press kit."""

from django.http import Http404
from django.shortcuts import render

from rencontres.core.pdf import pdf_response
from rencontres.editions.models import partners_by_role
from rencontres.editions.shortcuts import get_edition_or_404

from .domain.press import headline, press_figures
from .models import PressPage


def _context(request, number):
    """Public once the organiser publishes it; organisers preview it before."""
    edition = get_edition_or_404(request, number)
    page = PressPage.objects.filter(edition=edition).first()
    if page is None or not (page.published or request.user.is_staff):
        raise Http404
    figures, given = press_figures(edition, page)
    return {
        "edition": edition,
        "page": page,
        "figures": figures,
        "given": given,
        "headline": headline(figures),
        "partner_groups": partners_by_role(edition.partners.all()),
    }


def press(request, number):
    # Not cached: the figures are live until the edition is over.
    return render(request, "cockpit/press/page.html", _context(request, number))


def press_kit(request, number):
    context = _context(request, number)
    return pdf_response(
        "cockpit/press/kit_pdf.html",
        context,
        f"press-kit-{context['edition'].number}.pdf",
        request=request,
    )
