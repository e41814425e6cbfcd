from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views, views_checkin

app_name = "onsite"

urlpatterns = [
    # Printed in every QR code: short, and the same in both languages.
    path("b/<str:token>", views.badge, name="badge"),
    path(
        _("editions/<int:number>/my-registration/certificate.pdf"),
        views.certificate,
        name="certificate",
    ),
]

# Check-in staff's pages (views_checkin.py).
urlpatterns += [
    path(_("editions/<int:number>/scanner/"), views_checkin.scanner, name="scanner"),
    path(
        _("editions/<int:number>/scanner/data.json"),
        views_checkin.scanner_data_view,
        name="scanner_data",
    ),
    path(_("editions/<int:number>/scanner/sync"), views_checkin.scanner_sync, name="scanner_sync"),
    # Under the scanner's path, so that the service worker's scope covers the page.
    path(
        _("editions/<int:number>/scanner/sw.js"),
        views_checkin.service_worker,
        name="service_worker",
    ),
    path("b/<str:token>/check-in", views_checkin.badge_check_in, name="badge_check_in"),
    path(_("editions/<int:number>/desk/"), views_checkin.desk, name="desk"),
    path(
        _("editions/<int:number>/desk/<int:registration_id>/"),
        views_checkin.desk_person,
        name="desk_person",
    ),
    path(
        _("editions/<int:number>/desk/<int:registration_id>/badge.pdf"),
        views_checkin.desk_badge,
        name="desk_badge",
    ),
]
