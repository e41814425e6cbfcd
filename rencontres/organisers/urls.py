from django.urls import path

from rencontres.editions.views import home

urlpatterns = [
    # The home of an organiser without a domain of its own (PublicSite.prefix).
    path("o/<slug:prefix>/", home, name="organiser_home"),
]
