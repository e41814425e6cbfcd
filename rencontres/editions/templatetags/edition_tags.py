import functools

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

from ..sections import SECTIONS

register = template.Library()

# An edition number no real edition has, replaced by the real one in the reversed URL.
_NUMBER = 987654321


@functools.lru_cache(maxsize=256)
def _section_url(url_name, language, script_prefix, urlconf):
    """A section's URL with "{}" for the edition number: one reverse per section and
    language for the life of the process, not one per section on every page."""
    return reverse(url_name, kwargs={"number": _NUMBER}).replace(str(_NUMBER), "{}")


@receiver(setting_changed)
def _forget_section_urls(**kwargs):
    # Tests override ROOT_URLCONF or LANGUAGES; production settings never change.
    _section_url.cache_clear()


@register.inclusion_tag("editions/_edition_nav.html", takes_context=True)
def edition_nav(context, edition):
    path = context["request"].path
    key = (get_language(), get_script_prefix(), get_urlconf())
    links = []
    for url_name, label, _order in SECTIONS:
        url = _section_url(url_name, *key).format(edition.number)
        links.append({"url": url, "label": label, "current": url == path})
    return {"links": links, "edition": edition}
