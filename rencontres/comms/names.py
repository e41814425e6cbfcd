"""What each automatic mail is, in the organisers' words: the delivery log shows these
names rather than template paths. A template missing here is shown as its path."""

from django.utils.translation import gettext_lazy as _

NAMES = {
    "registration/mail/confirm_email": _("Confirmation of the e-mail address"),
    "registration/mail/personal_link": _("Link to the personal space"),
    "registration/mail/status": _("Registration status (place, waiting list, decision)"),
    "registration/mail/delegation_member": _("Registration within a delegation"),
    "registration/mail/visa": _("Visa invitation letter"),
    "program/mail/promoted": _("Place given in a session"),
    "program/mail/cafe_placed": _("Café des Rencontres assigned"),
    "networking/mail/request_received": _("Meeting request received"),
    "networking/mail/request_accepted": _("Meeting request accepted"),
    "networking/mail/request_declined": _("Meeting request declined"),
    "networking/mail/request_cancelled": _("Meeting request cancelled"),
    "networking/mail/schedule_published": _("B2B schedule published"),
    "networking/mail/schedule_changed": _("B2B schedule changed"),
    "partners/mail/space_link": _("Link to a partner's space"),
    "partners/mail/side_event": _("Decision on a side event"),
    "recognition/mail/received": _("Label application received"),
    "recognition/mail/withdrawn": _("Label application withdrawn"),
    "recognition/mail/results": _("Results of the label"),
    "recognition/mail/jury_invitation": _("Invitation to the label's jury"),
}


def name(template):
    return NAMES.get(template, template)
