from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def date_range(start, end):
    """'23–24 octobre 2024', '30 juin – 2 juillet 2025' or '4 juillet 2025', localised."""
    if end is None or start == end:
        return date_filter(start, "j F Y")
    if (start.year, start.month) == (end.year, end.month):
        first = date_filter(start, "j")
    elif start.year == end.year:
        first = date_filter(start, "j F")
    else:
        first = date_filter(start, "j F Y")
    return _("%(first)s–%(last)s") % {"first": first, "last": date_filter(end, "j F Y")}
