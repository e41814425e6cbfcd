"""The project's URLs plus a view that fails, to see the 500 page."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import path

from rencontres.urls import handler404, handler500, urlpatterns  # noqa: F401


def boom(request):
    raise RuntimeError("boom")


urlpatterns = [*urlpatterns, *i18n_patterns(path("boom/", boom), prefix_default_language=False)]
