from django import template

from rencontres.editions.models import Edition

from ..domain import checkin

register = template.Library()


@register.simple_tag
def badge_preview(token):
    """What the entrance would answer for this badge now (the page a QR code opens)."""
    return checkin.preview(Edition.objects.public().featured(), token)
