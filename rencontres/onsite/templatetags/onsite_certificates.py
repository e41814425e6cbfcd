from django import template

from rencontres.onsite.domain.certificates import days_attended as attended

register = template.Library()


@register.simple_tag
def days_attended(registration):
    return attended(registration)
