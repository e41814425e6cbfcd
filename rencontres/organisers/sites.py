"""Which organiser a public address serves."""

from rencontres.editions.models import Organiser

from .models import PublicSite


def default_organiser():
    """The organiser marked as default, else the first one created (Cités Unies France in
    the demo)."""
    marked = PublicSite.objects.filter(is_default=True).select_related("organiser").first()
    return marked.organiser if marked else Organiser.objects.order_by("pk").first()
