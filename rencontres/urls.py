from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.static import serve

from rencontres.accounts.urls import password_reset_urlpatterns
from rencontres.api.api import api
from rencontres.core.views import healthz
from rencontres.editions.sitemaps import EditionSitemap, HonouredCountrySitemap, StaticSitemap
from rencontres.organisers.views import AcceptInvitation

admin.site.site_header = "Rencontres — back-office"
admin.site.site_title = "Rencontres"
admin.site.index_title = "Gestion des Rencontres"

sitemaps = {
    "editions": EditionSitemap,
    "honoured-countries": HonouredCountrySitemap,
    "pages": StaticSitemap,
}

urlpatterns = [
    path("admin/", include("rencontres.accounts.urls")),
    path("admin/", include(password_reset_urlpatterns)),
    # A team invitation's link, before the admin's own URLs (the visitor is not logged in).
    path(
        "admin/team/join/<uidb64>/<token>/",
        AcceptInvitation.as_view(),
        name="accept_invitation",
    ),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    # Uploaded logos and photos; a front server may take this over in production.
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
]
urlpatterns += i18n_patterns(
    path("", include("rencontres.editions.urls")),
    path("", include("rencontres.registration.urls")),
    path("", include("rencontres.program.urls")),
    path("", include("rencontres.networking.urls")),
    path("", include("rencontres.onsite.urls")),
    path("", include("rencontres.messaging.urls")),
    path("", include("rencontres.cockpit.urls")),
    path("", include("rencontres.partners.urls")),
    path("", include("rencontres.privacy.urls")),
    path("", include("rencontres.recognition.urls")),
    path("", include("rencontres.organisers.urls")),
    prefix_default_language=False,
)

handler404 = "rencontres.core.views.page_not_found"
handler500 = "rencontres.core.views.server_error"
