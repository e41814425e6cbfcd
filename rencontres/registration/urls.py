from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "registration"

urlpatterns = [
    path(_("editions/<int:number>/registration/"), views.register, name="register"),
    path(_("editions/<int:number>/registration/sent/"), views.sent, name="sent"),
    path(_("editions/<int:number>/registration/lost-link/"), views.lost_link, name="lost_link"),
    path(_("editions/<int:number>/my-registration/"), views.space, name="space"),
    path(_("editions/<int:number>/my-registration/edit/"), views.edit, name="edit"),
    path(_("editions/<int:number>/my-registration/cancel/"), views.cancel, name="cancel"),
    path(
        _("editions/<int:number>/my-registration/confirmation.pdf"),
        views.confirmation_pdf,
        name="confirmation_pdf",
    ),
    path(
        _("editions/<int:number>/my-registration/delegation/"), views.delegation, name="delegation"
    ),
    path(
        _("editions/<int:number>/my-registration/delegation/<int:member_id>/remove/"),
        views.remove_member,
        name="remove_member",
    ),
    path(_("editions/<int:number>/my-registration/visa/"), views.visa_request, name="visa"),
    path(
        _("editions/<int:number>/my-registration/visa-letter.pdf"),
        views.visa_letter,
        name="visa_letter",
    ),
    path(_("editions/<int:number>/my-registration/leave/"), views.leave, name="leave"),
    path(
        _("editions/<int:number>/my-registration/sign-out-everywhere/"),
        views.sign_out_everywhere,
        name="sign_out_everywhere",
    ),
    path(_("registration/confirm/<str:token>/"), views.confirm_email, name="confirm_email"),
    path(_("registration/link/<str:token>/"), views.magic, name="magic"),
    path(_("invitation/<str:token>/"), views.invitation, name="invitation"),
]
