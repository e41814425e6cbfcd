from django.shortcuts import get_object_or_404

from rencontres.organisers.scoping import editions_for

from .models import Edition


def get_edition_or_404(request, number):
    """The edition of a public page: published or archived, or, for staff, one of their
    organisers' drafts, which they preview before publishing them."""
    queryset = Edition.objects.select_related("organiser", "venue")
    if request.user.is_staff:
        queryset = queryset.public() | queryset.filter(pk__in=editions_for(request.user))
    else:
        queryset = queryset.public()
    return get_object_or_404(queryset, number=number)
