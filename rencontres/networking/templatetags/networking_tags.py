from django import template

from ..domain.requests import can_take_part
from ..domain.scheduling import meetings_of
from ..models import MeetingRequest

register = template.Library()


@register.simple_tag
def b2b_summary(registration):
    """What the personal space's B2B panel shows."""
    pending = MeetingRequest.objects.filter(
        party_b=registration, status=MeetingRequest.Status.PENDING
    ).count()
    return {
        "opted_in": can_take_part(registration),
        "pending": pending,
        "meetings": meetings_of(registration),
    }


@register.simple_tag
def meeting_partners(meeting, registration):
    """'Name (Organisation), Name' of the side the person meets."""
    from ..agenda import describe_people
    from ..domain.scheduling import other_side

    return describe_people(other_side(meeting, registration))
