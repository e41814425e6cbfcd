"""gunicorn config (bench/program.py, bench/against_pretalx.py): each request as after an edit.

An organiser's edit bumps the page-cache generation (rencontres.core.cache.bump); doing the
same before each request, in the worker that serves it, makes every page a full render:
no cached page and no cached session card can match the new generation.
"""


def pre_request(worker, req):
    from rencontres.core.cache import bump

    bump()
