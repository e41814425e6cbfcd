import functools

from django.db import router
from django.db.models import Q
from django.http import Http404

from rencontres.core.prepared import Prepared, attnames, columns, instances
from rencontres.organisers.scoping import editions_for

from .models import Edition


def visible(request, prefix=""):
    """A filter on the editions a visitor may see: published or archived, and for staff also
    their organisers' drafts, which they preview before publishing them. `prefix` reaches the
    edition from another model ("edition__")."""
    shown = Q(**{f"{prefix}status__in": Edition.PUBLIC_STATUSES})
    if request.user.is_staff:
        shown |= Q(**{f"{prefix}pk__in": editions_for(request.user).values("pk")})
    return shown


def is_visible(request, edition):
    """`visible`'s rule for an edition already read."""
    if edition.status in Edition.PUBLIC_STATUSES:
        return True
    return request.user.is_staff and editions_for(request.user).filter(pk=edition.pk).exists()


@functools.cache
def _edition_query(related):
    """The edition of a number with its `related` rows, in one prepared query (public pages
    read an edition on every full render; see core/prepared.py)."""
    parts = [("", Edition, attnames(Edition))]
    for name in related:
        model = Edition._meta.get_field(name).related_model
        parts.append((name, model, attnames(model)))
    names = columns(parts)
    query = Prepared(
        lambda number: Edition.objects.rewrite(False).filter(number=number).values_list(*names)
    )
    return query, parts


def get_edition_or_404(request, number, related=("organiser", "venue")):
    """The edition of a public page (see `visible`), with the `related` rows."""
    query, parts = _edition_query(tuple(related))
    rows = query(number=int(number))
    if not rows:
        raise Http404
    edition = instances(rows[0], router.db_for_read(Edition), parts)
    if not is_visible(request, edition):
        raise Http404
    return edition
