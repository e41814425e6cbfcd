from django.db.models import Q
from django.shortcuts import get_object_or_404

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


def get_edition_or_404(request, number, related=("organiser", "venue")):
    """The edition of a public page (see `visible`), with the `related` rows."""
    queryset = Edition.objects.select_related(*related).filter(visible(request))
    return get_object_or_404(queryset, number=number)
