"""Whole-page cache for public pages, invalidated by bumping a generation on any edit.

A generation (not a list of keys) is what makes invalidation cheap and safe across
processes: every edit of public content bumps it, and older entries simply stop matching.
Fragments of pages (the program's session cards) are keyed by the same generation, so they
can live in each process's memory (the "fragments" cache) and still expire on any edit.

The generation is a file beside the cache's entries, shared by the processes as the cache is:
a token written when the file is made, then one byte appended per edit. An append is atomic,
so two edits at once in two processes count twice (a cache's incr() on files reads then
rewrites the value: one of them was lost, leaving a stale page for an hour), and reading it
costs one small read per page, less than a cache entry. A lost file (folder emptied) starts
again under a new token: no generation a process still holds in memory comes back.
"""

import functools
import itertools
import os
import random
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.locmem import LocMemCache
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

GENERATION_FILE = "public-pages.generation"


def _generation_path():
    return Path(settings.CACHES["default"]["LOCATION"]) / GENERATION_FILE


def _create(path):
    """The file with its token (the clock: above any earlier file's), made whole at once."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, draft = tempfile.mkstemp(dir=path.parent, prefix=".generation-")
    try:
        os.write(fd, f"{time.time_ns()}\n".encode())
        os.close(fd)
        os.link(draft, path)
    except FileExistsError:
        pass  # another process made it first: its token counts
    finally:
        os.unlink(draft)


def generation():
    path = _generation_path()
    try:
        with path.open("rb") as file:
            token = file.readline().rstrip().decode()
            size = os.fstat(file.fileno()).st_size
    except FileNotFoundError:
        _create(path)
        return generation()
    return f"{token}.{size}"


def request_generation(request):
    """The generation a request's page and its fragments are keyed by, read once."""
    if not hasattr(request, "page_generation"):
        request.page_generation = generation()
    return request.page_generation


def bump(*args, **kwargs):
    """Signal receiver: any saved or deleted public content invalidates every cached page."""
    path = _generation_path()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND)
    except FileNotFoundError:
        _create(path)  # a new token is a new generation already
        return
    try:
        os.write(fd, b".")
    finally:
        os.close(fd)


def _personal(request):
    """A visitor with a session or pending messages may see a page meant for them alone."""
    user = getattr(request, "user", None)
    return (
        (user is not None and user.is_authenticated)
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or "messages" in request.COOKIES
    )


def cache_public_page(view):
    """Cache anonymous GET responses of a view, per host, path, query, language and htmx
    target."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET" or _personal(request):
            return view(request, *args, **kwargs)
        # htmx asks for fragments of the same URL: they must not be served as the page.
        fragment = request.headers.get("HX-Target", "") if request.headers.get("HX-Request") else ""
        # The host too: an organiser's own domain has its own home (organisers/sites.py).
        page = f"{request.get_host()}{request.get_full_path()}"
        key = f"public-page:{request_generation(request)}:{get_language()}:{fragment}:{page}"
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response.render()
            # A page holding a CSRF token or setting a cookie belongs to one visitor.
            personal = response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            if response.status_code == 200 and not personal:
                patch_vary_headers(response, ["Accept-Language", "Cookie", "HX-Request"])
                cache.set(key, response, timeout=60 * 60)
        return response

    return wrapper


class FileCache(FileBasedCache):
    """Django's file cache, scanning its folder to cull only one write in CULL_EVERY.

    The stock backend lists the whole folder on every write (6 ms at 5,000 entries), and
    since invalidation leaves older generations behind, the folder grows between culls: the
    first render after an edit paid for it. Culling now and then keeps the folder bounded
    (MAX_ENTRIES plus a margin) at a fraction of the cost, and the folder is listed by
    os.scandir() rather than glob(), which matched and joined each name in Python (13 ms at
    4,000 entries, then 2).
    """

    def __init__(self, dir, params):
        super().__init__(dir, params)
        self._cull_every = int(params.get("OPTIONS", {}).get("CULL_EVERY", 50))
        self._writes = itertools.count(random.randrange(self._cull_every))

    def _cull(self):
        if next(self._writes) % self._cull_every == 0:
            super()._cull()

    def _list_cache_files(self):
        try:
            with os.scandir(self._dir) as entries:
                return [entry.path for entry in entries if entry.name.endswith(self.cache_suffix)]
        except FileNotFoundError:
            return []


class FragmentCache(LocMemCache):
    """Django's memory cache, for the rendered fragments of pages, without its check of each
    key's characters (written for memcached): the cache tag's keys are md5 hashes, and the
    check cost a fifth of a session card's lookup, paid for each card of a full render."""

    def validate_key(self, key):
        pass
