from django.shortcuts import get_object_or_404

from .models import Edition


def visible_editions(request):
    """The editions a visitor may see: published or archived, or any one for staff, who
    preview drafts before publishing them."""
    return Edition.objects.all() if request.user.is_staff else Edition.objects.public()


def get_edition_or_404(request, number, related=("organiser", "venue")):
    """The edition of a public page (see visible_editions), with the `related` rows."""
    return get_object_or_404(visible_editions(request).select_related(*related), number=number)
