"""Write to the audit trail.

Call `record` in the same transaction as the decision it describes, so that a decision
rolled back leaves no trace and a recorded one always happened. Action codes are
"<app>.<verb>" (`registration.cancel`, `registration.export`); their French and English
labels are in `ACTIONS`, and an unknown code is shown as it is.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from rencontres.core.middleware import current_address

from .models import ActivityLog

ACTIONS = {
    "api.registration_changed": _("Registration changed through the API"),
    "api.registration_created": _("Registration created through the API"),
    "api.token_created": _("API token created"),
    "api.token_revoked": _("API token revoked"),
    "api.webhook_deleted": _("Webhook deleted"),
    "api.webhook_saved": _("Webhook saved"),
    "api.webhook_tested": _("Webhook test sent"),
    "cockpit.export_figures": _("Dashboard figures downloaded"),
    "cockpit.export_needs": _("Needs of the participants printed or exported"),
    "cockpit.publish_look_back": _("Press release published as the look-back"),
    "cockpit.publish_press_page": _("Press page published"),
    "cockpit.unpublish_press_page": _("Press page withdrawn"),
    "comms.send_again": _("Mail sent again"),
    "editions.next_edition": _("Next edition created"),
    "imports.confirm": _("Import of a spreadsheet confirmed"),
    "imports.import": _("Registrations imported from a spreadsheet"),
    "messaging.export_survey": _("Comments of the satisfaction survey exported"),
    "messaging.restore_mail": _("Default text of an automatic mail restored"),
    "messaging.send": _("Message sent to a group of participants"),
    "networking.choose": _("B2B schedule chosen between the two objectives"),
    "networking.export": _("B2B data downloaded"),
    "networking.import": _("B2B schedule imported"),
    "networking.move": _("B2B meeting moved"),
    "networking.publish": _("B2B schedule published"),
    "networking.run": _("B2B scheduler run"),
    "onsite.print_badges": _("Badges printed"),
    "onsite.send_certificates": _("Certificates of attendance sent"),
    "onsite.undo_check_in": _("Check-in undone"),
    "onsite.walk_in": _("Walk-in registered at the on-site desk"),
    "partners.assign_stand": _("Stand assigned to an exhibitor"),
    "partners.export_leads": _("Leads downloaded by an exhibitor"),
    "partners.send_link": _("Link to a partner's space sent"),
    "partners.set_staff_places": _("Staff places of a partner changed"),
    "partners.side_event_accepted": _("Side event accepted"),
    "partners.side_event_changes": _("Changes asked for a side event"),
    "partners.side_event_refused": _("Side event refused"),
    "privacy.erase": _("Person erased (anonymised)"),
    "privacy.erasure_requested": _("Erasure asked for by the participant"),
    "privacy.erasure_scheduled": _("Erasure scheduled for the end of the event"),
    "privacy.export_register": _("Register of processing activities exported"),
    "organisers.change_roles": _("Team member's roles changed"),
    "organisers.invite": _("Team member invited"),
    "organisers.remove": _("Team member removed"),
    "program.assign": _("Assigned to a session"),
    "program.cafes_adjust": _("Café placement adjusted"),
    "program.cafes_publish": _("Cafés assignment published"),
    "program.cafes_run": _("Cafés assignment run"),
    "program.export_attendance": _("Attendance list downloaded"),
    "program.move": _("Moved to another session"),
    "program.move_waiting": _("Moved within a session's waiting list"),
    "program.remind_speaker": _("Speaker reminded to complete their profile"),
    "program.revoke_speaker_link": _("Speaker's links revoked"),
    "program.send_speaker_link": _("Speaker sent the link to their space"),
    "program.set_capacity": _("Session or room capacity changed"),
    "program.set_reserved_seats": _("Seats reserved for VIPs changed"),
    "recognition.award": _("Label distinction chosen for an application"),
    "recognition.b2b_priority": _("B2B priority given to the honoured country's delegations"),
    "recognition.download_document": _("Document of a label application downloaded"),
    "recognition.invite_juror": _("Jury member of the label invited"),
    "recognition.publish": _("Results of the label published"),
    "registration.add": _("Registration added by an organiser"),
    "registration.approve": _("Registration approved"),
    "registration.cancel": _("Registration cancelled on the participant's behalf"),
    "registration.change": _("Registration edited"),
    "registration.change_category": _("Category changed"),
    "registration.change_invitation": _("Invitation's protocol details edited"),
    "registration.confirm_address": _("Address marked as confirmed"),
    "registration.delete": _("Registration deleted (its place ended first)"),
    "registration.export": _("Registrations exported"),
    "registration.export_vip_list": _("VIP list printed for the welcome desk"),
    "registration.export_travel": _("Arrivals and departures exported"),
    "registration.give_place": _("Place given over the limit"),
    "registration.merge": _("Two registrations of the same person merged"),
    "registration.invite": _("Person invited"),
    "registration.move_waiting": _("Moved within the waiting list"),
    "registration.reactivate": _("Registration reactivated"),
    "registration.refuse": _("Registration refused"),
    "registration.remind_invitation": _("Invitation reminded by an organiser"),
    "registration.resend_confirmation": _("Confirmation mail sent again"),
    "registration.revoke_edition_links": _("Every personal link of the edition revoked"),
    "registration.revoke_links": _("Personal links and calendar feed revoked"),
    "registration.send_link": _("Personal link sent again"),
    "registration.set_capacity": _("Edition capacity changed"),
    "registration.set_quota": _("Category quota changed"),
    "registration.visa_letter": _("Visa letter downloaded"),
    "registration.visa_refuse": _("Visa request refused"),
    "registration.visa_validate": _("Visa request validated"),
}


def label(action):
    return ACTIONS.get(action, action)


def record(actor, action, *, target=None, edition=None, reason="", **data):
    """Record that `actor` (a user, or None for the platform itself) did `action` on `target`.

    `edition` defaults to the target's edition; `data` is stored as JSON (counts, filters,
    old and new values).
    """
    if edition is None and target is not None:
        edition = getattr(target, "edition", None)
    user = actor if getattr(actor, "is_authenticated", False) else None
    return ActivityLog.objects.create(
        actor=user,
        actor_name=user.get_username() if user else "",
        action=action,
        edition=edition,
        content_type=ContentType.objects.get_for_model(target) if target is not None else None,
        object_id=str(target.pk) if target is not None else "",
        object_repr=str(target)[:300] if target is not None else "",
        reason=reason,
        data=data,
        address=current_address.get() or None,
    )


def for_object(obj):
    return ActivityLog.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("actor")
