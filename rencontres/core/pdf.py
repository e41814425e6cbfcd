"""PDF documents (letters, printable program, attendance lists) rendered by WeasyPrint."""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string


def _local_url(url):
    """The file:// (or data:) URL of a resource on this site; a PDF never fetches anything
    from the network."""
    from django.contrib.staticfiles import finders

    for prefix, root in ((settings.STATIC_URL, None), (settings.MEDIA_URL, settings.MEDIA_ROOT)):
        marker = f"{settings.SITE_URL}{prefix}"
        if url.startswith(marker) or url.startswith(prefix):
            relative = url.split(prefix, 1)[1]
            path = finders.find(relative) if root is None else f"{root}/{relative}"
            if path:
                return f"file://{path}"
    if url.startswith("data:") or url.startswith("file://"):
        return url
    raise ValueError(f"PDF resources must be local: {url}")


def _url_fetcher():
    # WeasyPrint 70 takes a URLFetcher instance (a bare function fails on the first resource).
    from weasyprint.urls import URLFetcher

    class LocalFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            return super().fetch(_local_url(url), headers)

    return LocalFetcher(allowed_protocols={"file", "data"})


def render_document(template_name, context, request=None):
    """The laid-out WeasyPrint document of a Django template (for post-processing)."""
    from weasyprint import HTML

    html = render_to_string(template_name, context, request=request)
    return HTML(string=html, base_url=settings.SITE_URL, url_fetcher=_url_fetcher()).render()


def render_pdf(template_name, context, request=None):
    """The PDF bytes of a Django template."""
    return render_document(template_name, context, request).write_pdf()


def pdf_response(template_name, context, filename, request=None, inline=True):
    response = HttpResponse(
        render_pdf(template_name, context, request), content_type="application/pdf"
    )
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
