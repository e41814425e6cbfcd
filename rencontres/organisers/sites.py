"""Which organiser a public address serves."""

from rencontres.editions.models import Edition, Organiser

from .models import PublicSite


def default_organiser():
    """The organiser marked as default, else the first one created (Cités Unies France in
    the demo)."""
    marked = PublicSite.objects.filter(is_default=True).select_related("organiser").first()
    return marked.organiser if marked else Organiser.objects.order_by("pk").first()


def public_editions(request, prefix=None):
    """(organiser, editions) for a public page listing editions: on an organiser's own
    domain or path prefix, that organiser and its public editions; anywhere else, None and
    the public editions of every organiser without an address of its own."""
    from django.http import Http404

    public = Edition.objects.public()
    sites = PublicSite.objects.select_related("organiser")
    if prefix is not None:
        site = sites.filter(prefix=prefix).exclude(prefix="").first()
        if site is None:
            raise Http404
    else:
        host = request.get_host().rsplit(":", 1)[0].lower()
        site = sites.filter(domain=host).exclude(domain="").first()
    if site is not None:
        return site.organiser, public.filter(organiser=site.organiser)
    return None, public.exclude(organiser__public_site__domain__gt="").exclude(
        organiser__public_site__prefix__gt=""
    )
