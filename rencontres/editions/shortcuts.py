from django.shortcuts import get_object_or_404

from .models import Edition


def visible_statuses(request):
    """The statuses of the editions a visitor may see: published or archived, or any one for
    staff, who preview drafts before publishing them."""
    return Edition.Status.values if request.user.is_staff else Edition.PUBLIC_STATUSES


def get_edition_or_404(request, number, related=("organiser", "venue")):
    """The edition of a public page (see visible_statuses), with the `related` rows."""
    queryset = Edition.objects.select_related(*related)
    return get_object_or_404(queryset, status__in=visible_statuses(request), number=number)
