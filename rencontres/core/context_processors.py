import functools

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, translate_url
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info


@functools.lru_cache(maxsize=1024)
def _language_links(path, language, script_prefix, urlconf):
    """Resolving the path and reversing it in every language cost more than the rest of a
    small page; the result only depends on the arguments (the key), so it is kept. Each
    language is named in itself ("Français", "English"), as the switch shows it."""
    return tuple(
        (code, capfirst(get_language_info(code)["name_local"]), translate_url(path, code))
        for code, _name in settings.LANGUAGES
    )


@receiver(setting_changed)
def _forget_language_links(**kwargs):
    # Tests override LANGUAGES or ROOT_URLCONF; production settings never change.
    _language_links.cache_clear()


def site(request):
    """Links to the same page in every language, for the language switch."""
    return {
        "SITE_URL": settings.SITE_URL,
        "language_links": _with_query(
            _language_links(request.path, get_language(), get_script_prefix(), get_urlconf()),
            request,
        ),
    }


def _with_query(links, request):
    """The same filters, search or page in the other language: the query string is kept."""
    query = request.GET.urlencode()
    if not query:
        return links
    return tuple((code, name, f"{url}?{query}") for code, name, url in links)
