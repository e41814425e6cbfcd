"""Links other apps add to a session's public page, e.g. the label's laureates on the award
ceremony (the grid's cards are not touched: only the session page shows them).

`add_session_links(func)`: `func(session)` returns a list of `(label, url)`. A source that fails
is logged and left out: the session page shows everything else.
"""

import logging

logger = logging.getLogger(__name__)

SOURCES = []


def add_session_links(func):
    """Register a source of links; usable as a decorator."""
    if func not in SOURCES:
        SOURCES.append(func)
    return func


def session_links(session):
    links = []
    for source in SOURCES:
        try:
            links.extend(source(session))
        except Exception:  # one app's failure must not take the session page down
            logger.exception(
                "session links %s failed for session %s", source.__qualname__, session.pk
            )
    return links
