from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "privacy"

urlpatterns = [
    path(_("editions/<int:number>/my-registration/personal-data/"), views.my_data, name="my_data"),
    path(
        _("editions/<int:number>/my-registration/personal-data/consent/"),
        views.consent,
        name="consent",
    ),
    path(
        _("editions/<int:number>/my-registration/personal-data/download/"),
        views.download,
        name="download",
    ),
    path(
        _("editions/<int:number>/my-registration/personal-data/erase/"), views.erase, name="erase"
    ),
    path(_("personal-data/<int:organiser_id>/"), views.notice, name="notice"),
]
