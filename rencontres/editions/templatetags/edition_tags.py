from django import template
from django.urls import reverse

from ..sections import SECTIONS

register = template.Library()


@register.inclusion_tag("editions/_edition_nav.html", takes_context=True)
def edition_nav(context, edition):
    path = context["request"].path
    links = []
    for url_name, label, _order in SECTIONS:
        url = reverse(url_name, kwargs={"number": edition.number})
        links.append({"url": url, "label": label, "current": url == path})
    return {"links": links, "edition": edition}
