"""Whole-page cache for public pages, invalidated by bumping a generation on any edit.

A generation number (not a list of keys) is what makes invalidation cheap and safe across
processes: every edit of public content bumps it, and older entries simply stop matching.
"""

import functools

from django.core.cache import cache
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

GENERATION_KEY = "public-pages:generation"


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def bump(*args, **kwargs):
    """Signal receiver: any saved or deleted public content invalidates every cached page."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def cache_public_page(view):
    """Cache anonymous GET responses of a view, per path, query and language."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        user = getattr(request, "user", None)
        if request.method != "GET" or (user is not None and user.is_authenticated):
            return view(request, *args, **kwargs)
        key = f"public-page:{generation()}:{get_language()}:{request.get_full_path()}"
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.cookies:
                if hasattr(response, "render") and callable(response.render):
                    response.render()
                patch_vary_headers(response, ["Accept-Language", "Cookie"])
                cache.set(key, response, timeout=60 * 60)
        return response

    return wrapper
