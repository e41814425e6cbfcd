"""Error pages in the visitor's language, rendered without touching the database."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def page_not_found(request, exception=None):
    return render(request, "core/404.html", status=404)


def server_error(request):
    # The 500 page must not depend on the database or on context processors that may fail.
    template = loader.get_template("core/500.html")
    return HttpResponseServerError(template.render({"request": request}))
