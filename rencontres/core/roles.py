"""The organisers' roles, as Django groups: role → permissions ("app.codename").

A codename may be a pattern (`program.*`, `registration.view_*`): it then means every
permission of that app that matches, so new models and permissions of an app follow their
role. A permission or an app that does not exist (not installed yet) is skipped, so a role can
name another app's permissions before that app is merged. `sync_roles()` runs after every
`migrate`; it sets each group to exactly these permissions (make your own group for others).
The README describes each role for organisers.
"""

import fnmatch

from django.contrib.auth.models import Group, Permission

SEE_THE_TRAIL = ["audit.view_activitylog"]
# Its members must use two-factor authentication (rencontres.accounts).
ORGANISER_ROLE = "Organisateur complet"

ROLES = {
    ORGANISER_ROLE: [
        "editions.*",
        "registration.*",
        "program.*",
        "networking.*",
        "comms.*",
        "audit.*",
        "onsite.*",
        "cockpit.*",
        "messaging.*",
        "api.*",
        "partners.*",
        "imports.*",
        "privacy.*",
        "recognition.*",
        "organisers.manage_team",
        "organisers.view_membership",
    ],
    "Accueil / inscriptions": [
        "editions.view_edition",
        "registration.view_*",
        "registration.add_registration",
        "registration.change_registration",
        "registration.decide_registration",
        "registration.export_registration",
        "registration.send_link_registration",
        "registration.revoke_links",
        "registration.give_place",
        "registration.manage_waiting_list",
        "registration.reactivate_registration",
        "registration.manage_confirmation",
        "registration.add_delegation",
        "registration.change_delegation",
        "registration.change_visarequest",
        "registration.decide_visarequest",
        # Delegations' lists arrive at the desk; importing and merging go through the rules.
        "imports.view_importbatch",
        "imports.import_registrations",
        "imports.view_duplicates",
        "imports.merge_registrations",
        "registration.export_vip_list",
        "registration.arrivals_departures",
        "comms.view_mail",
        "comms.send_again_mail",
        # What participants were told, to answer them at the desk.
        "messaging.view_message",
        "messaging.view_automaticmail",
        "messaging.view_unsubscription",
        "onsite.check_in",
        "onsite.print_badges",
        # To answer a participant about their consents and erasure request.
        "privacy.view_consentrecord",
        "privacy.view_erasurerequest",
        "cockpit.view_dashboard",
        "cockpit.export_needs",
        *SEE_THE_TRAIL,
    ],
    "Programme": [
        "editions.view_edition",
        "editions.view_venue",
        "registration.view_registration",
        "registration.view_delegation",
        "program.*",
        # Accepted side events become sessions of the program.
        "partners.view_sideevent",
        "partners.decide_sideevent",
        "cockpit.view_dashboard",
        "cockpit.export_needs",
        *SEE_THE_TRAIL,
    ],
    "Rencontres B2B": [
        "editions.view_edition",
        "registration.view_registration",
        "registration.view_delegation",
        "program.view_session",
        "networking.*",
        "cockpit.view_dashboard",
        *SEE_THE_TRAIL,
    ],
    "Lecture seule": [
        "editions.view_*",
        "registration.view_*",
        "program.view_*",
        "networking.view_*",
        "comms.view_*",
        "cockpit.view_dashboard",
        "cockpit.view_presspage",
        "messaging.view_*",
        "partners.view_*",
        "privacy.view_*",
        "recognition.view_*",
        "organisers.view_membership",
        *SEE_THE_TRAIL,
    ],
    # Jury members of the label: only their own pages (conflicts, scoring); what they may
    # see of each application is decided there (no conflict, not their authority or country).
    "Jury du label": ["recognition.score_application"],
}


def permissions_for(names):
    """The Permission rows these "app.codename" names and patterns mean; unknown ones skipped."""
    wanted = [name.split(".", 1) for name in names]
    apps = {app for app, _codename in wanted}
    found = []
    for permission in Permission.objects.filter(content_type__app_label__in=apps).select_related(
        "content_type"
    ):
        app = permission.content_type.app_label
        if any(
            app == label and fnmatch.fnmatchcase(permission.codename, pattern)
            for label, pattern in wanted
        ):
            found.append(permission)
    return found


def sync_roles(roles=None):
    """Create or update one group per role (idempotent)."""
    for name, names in (ROLES if roles is None else roles).items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions_for(names))
