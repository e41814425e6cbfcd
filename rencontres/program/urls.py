from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import speakerspace, views

app_name = "program"

urlpatterns = [
    path(_("speakers/link/<str:token>/"), speakerspace.magic, name="speaker_magic"),
    path(_("editions/<int:number>/speaker-space/"), speakerspace.space, name="speaker_space"),
    path(
        _("editions/<int:number>/speaker-space/documents/"),
        speakerspace.upload_document,
        name="speaker_upload",
    ),
    path(
        _("editions/<int:number>/speaker-space/documents/<int:document_id>/"),
        speakerspace.own_document,
        name="speaker_document",
    ),
    path(
        _("editions/<int:number>/program/sessions/<int:session_id>/documents/<int:document_id>/"),
        speakerspace.public_document,
        name="session_document",
    ),
    path(_("editions/<int:number>/program/"), views.program, name="program"),
    path(_("editions/<int:number>/program/day/<str:day>/"), views.program, name="day"),
    path(_("editions/<int:number>/program.pdf"), views.program_pdf, name="pdf"),
    path(_("editions/<int:number>/program.ics"), views.program_ics, name="ics"),
    path(
        _("editions/<int:number>/program/sessions/<int:session_id>/"),
        views.session_detail,
        name="session",
    ),
    path(
        _("editions/<int:number>/program/sessions/<int:session_id>/calendar.ics"),
        views.session_ics,
        name="session_ics",
    ),
    path(_("editions/<int:number>/program/speakers/"), views.speakers, name="speakers"),
    path(
        _("editions/<int:number>/program/speakers/<int:speaker_id>/"),
        views.speaker_detail,
        name="speaker",
    ),
    path(_("editions/<int:number>/my-agenda/"), views.my_agenda, name="my_agenda"),
    path(_("editions/<int:number>/my-agenda.pdf"), views.my_agenda_pdf, name="my_agenda_pdf"),
    path(_("editions/<int:number>/my-sessions/"), views.my_sessions, name="my_sessions"),
    path(_("editions/<int:number>/my-sessions/<int:session_id>/"), views.signup, name="signup"),
    path(_("editions/<int:number>/my-cafes/"), views.my_cafes, name="my_cafes"),
    path(_("calendar/<str:token>.ics"), views.agenda_feed, name="agenda_feed"),
]
