from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "recognition"

urlpatterns = [
    path(_("editions/<int:number>/label/"), views.label, name="label"),
    path(_("editions/<int:number>/label/apply/"), views.apply, name="apply"),
    path(
        _("editions/<int:number>/label/application/<str:token>/"),
        views.application,
        name="application",
    ),
    path(
        _("editions/<int:number>/label/application/<str:token>/documents/<int:document_id>/"),
        views.application_document,
        name="application_document",
    ),
    path(
        _("editions/<int:number>/label/application/<str:token>/certificate.pdf"),
        views.application_certificate,
        name="certificate",
    ),
    path(_("editions/<int:number>/honoured-country/"), views.country, name="country"),
    path(
        _("jury/password/<uidb64>/<token>/"), views.SetPasswordView.as_view(), name="set_password"
    ),
    path(_("jury/password/done/"), views.PasswordSetView.as_view(), name="password_set"),
]
