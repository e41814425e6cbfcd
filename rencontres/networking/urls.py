from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "networking"

urlpatterns = [
    path(_("editions/<int:number>/b2b/"), views.about, name="about"),
    path(_("editions/<int:number>/b2b/directory/"), views.directory, name="directory"),
    path(
        _("editions/<int:number>/b2b/people/<int:registration_id>/"),
        views.profile,
        name="profile",
    ),
    path(
        _("editions/<int:number>/b2b/people/<int:registration_id>/request/"),
        views.new_request,
        name="new_request",
    ),
    path(_("editions/<int:number>/b2b/my-profile/"), views.my_profile, name="my_profile"),
    path(_("editions/<int:number>/b2b/my-requests/"), views.my_requests, name="my_requests"),
    path(
        _("editions/<int:number>/b2b/my-requests/<int:request_id>/<slug:action>/"),
        views.request_action,
        name="request_action",
    ),
    path(
        _("editions/<int:number>/b2b/my-availability/"),
        views.my_availability,
        name="my_availability",
    ),
    path(_("editions/<int:number>/b2b/my-schedule/"), views.my_schedule, name="my_schedule"),
    path(_("b2b/photos/<path:name>"), views.photo, name="photo"),
]
