from django.shortcuts import get_object_or_404

from .models import Edition


def get_edition_or_404(request, number):
    """The edition of a public page: published or archived, or any one for staff, who
    preview drafts before publishing them."""
    queryset = Edition.objects.select_related("organiser", "venue")
    if not request.user.is_staff:
        queryset = queryset.public()
    return get_object_or_404(queryset, number=number)
