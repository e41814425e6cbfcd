from django import template

from ..admin import current_and_upcoming
from ..domain import figures
from ..models import PressPage

register = template.Library()


@register.inclusion_tag("cockpit/admin/_cards.html", takes_context=True)
def edition_cards(context):
    """A card per current or upcoming edition on the back-office home, for whoever may see
    the dashboards."""
    request = context["request"]
    if not request.user.has_perm("cockpit.view_dashboard"):
        return {"cards": []}
    return {
        "cards": [
            (edition, figures.card(edition)) for edition in current_and_upcoming(request.user)
        ],
    }


@register.simple_tag
def published_press_page(edition):
    """The edition's press page when its organiser has published it, else None (the
    edition's contact page links to it)."""
    return PressPage.objects.filter(edition=edition, published=True).first()
