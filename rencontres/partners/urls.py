from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "partners"

urlpatterns = [
    path(_("editions/<int:number>/partners-area/"), views.area, name="area"),
    path(_("editions/<int:number>/partners-area/plan.pdf"), views.plan_pdf, name="plan_pdf"),
    path(_("partners/link/<str:token>/"), views.magic, name="magic"),
    path(_("editions/<int:number>/partner-space/"), views.space, name="space"),
    path(_("editions/<int:number>/partner-space/no-access/"), views.no_access, name="no_access"),
    path(_("editions/<int:number>/partner-space/edit/"), views.edit, name="edit"),
    path(_("editions/<int:number>/partner-space/side-events/new/"), views.propose, name="propose"),
    path(
        _("editions/<int:number>/partner-space/side-events/<int:side_event_id>/"),
        views.revise,
        name="revise",
    ),
    path(_("editions/<int:number>/partner-space/leads/"), views.leads, name="leads"),
    path(_("editions/<int:number>/partner-space/leads.xlsx"), views.leads_xlsx, name="leads_xlsx"),
    path(
        _("editions/<int:number>/partner-space/leads/<int:lead_id>/remove/"),
        views.remove_lead,
        name="remove_lead",
    ),
    path(_("editions/<int:number>/partner-space/leave/"), views.leave, name="leave"),
    path(_("editions/<int:number>/partner-staff/<str:code>/"), views.staff_register, name="staff"),
]
