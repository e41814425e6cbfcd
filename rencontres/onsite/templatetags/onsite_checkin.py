import uuid

from django import template

from rencontres.editions.models import Edition

from ..domain import checkin

register = template.Library()


@register.simple_tag
def badge_preview(token):
    """What the entrance would answer for this badge now (the page a QR code opens)."""
    return checkin.preview(Edition.objects.public().featured(), token)


@register.simple_tag
def new_client_id():
    """A scan id chosen when the page is shown: a double tap on "check in" is one scan."""
    return str(uuid.uuid4())
