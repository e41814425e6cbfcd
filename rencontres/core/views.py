"""Error pages in the visitor's language, rendered without touching the database."""

from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def page_not_found(request, exception=None):
    return render(request, "core/404.html", status=404)


def server_error(request):
    # The 500 page must not depend on the database or on context processors that may fail.
    template = loader.get_template("core/500.html")
    return HttpResponseServerError(template.render({"request": request}))


def healthz(request):
    """Liveness probe for deployments and the benchmarks' baseline: no database, no template."""
    return HttpResponse("ok", content_type="text/plain")
