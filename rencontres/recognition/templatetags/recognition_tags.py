from django import template

from ..models import Application

register = template.Library()


@register.inclusion_tag("recognition/_distinguished.html")
def label_laureates(edition):
    """The published laureates and mentions of an edition's label, for its look-back (one
    query; nothing before publication)."""
    distinguished = list(
        Application.objects.filter(
            call__edition=edition,
            call__published_at__isnull=False,
            status=Application.Status.SUBMITTED,
            award__in=[Application.Award.LAUREATE, Application.Award.MENTION],
        )
        .select_related("call")
        .order_by("award", "authority")
    )
    return {
        "edition": edition,
        "call": distinguished[0].call if distinguished else None,
        "laureates": [a for a in distinguished if a.award == Application.Award.LAUREATE],
        "mentions": [a for a in distinguished if a.award == Application.Award.MENTION],
    }
