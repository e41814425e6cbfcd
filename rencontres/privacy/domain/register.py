"""The register of processing activities (GDPR, article 30) of an organiser, for its data
protection officer: one row per processing the platform carries out, with the organiser's
own retention periods."""

from django.utils.translation import gettext as _

HEADER = [
    _("Processing"),
    _("Purpose"),
    _("Legal basis"),
    _("Data subjects"),
    _("Categories of data"),
    _("Recipients"),
    _("Retention"),
    _("Transfers outside the EU"),
    _("Security measures"),
]


def rows(rules):
    participants = _("Participants and delegation members")
    team = _("The organiser's team, by role")
    anonymised = _("Anonymised %(months)d months after the last day of the edition") % {
        "months": rules.anonymise_months
    }
    security = _(
        "Named permissions per role, audit trail of decisions and exports, private files "
        "outside the public folder, personal links that expire and can be revoked"
    )
    none = _("None")
    return [
        [
            _("Registration and running of the meeting"),
            _("Places, waiting list, badges, sessions, Cafés, check-in, certificates, mails"),
            _("Steps asked for by the person (art. 6.1.b) and consent (art. 6.1.a)"),
            participants,
            _("Identity, contact details, organisation, function, country, category, answers"),
            team,
            anonymised,
            none,
            security,
        ],
        [
            _("Accessibility and dietary needs"),
            _("Welcoming people at the venue and the meals"),
            _("Explicit consent (art. 9.2.a)"),
            participants,
            _("Needs as written by the person"),
            _("%(team)s; venue and caterer (lists of needs)") % {"team": team},
            anonymised,
            none,
            security,
        ],
        [
            _("Visa invitation letters"),
            _("Letters for the consulates of foreign participants"),
            _("Request of the person (art. 6.1.b)"),
            _("Foreign participants who ask for a letter"),
            _("Passport details, date and place of birth, nationality"),
            team,
            _("Deleted %(days)d days after the last day of the edition")
            % {"days": rules.passport_days},
            none,
            security,
        ],
        [
            _("Directory and B2B meetings"),
            _("Letting participants find each other and meet"),
            _("Consent (art. 6.1.a), withdrawable at any time"),
            _("Participants who agree"),
            _("Name, function, organisation, country, B2B profile and photo, requests"),
            _("%(team)s; participants of the edition") % {"team": team},
            anonymised,
            none,
            security,
        ],
        [
            _("Photos and videos"),
            _("Communication about the meeting"),
            _("Consent (art. 6.1.a), withdrawable at any time"),
            _("Participants who agree"),
            _("Image"),
            team,
            anonymised,
            none,
            security,
        ],
        [
            _("Sharing with exhibitors"),
            _("Exhibitors get the details of visitors who let them scan their badge"),
            _("Consent (art. 6.1.a), withdrawable at any time"),
            _("Participants who agree"),
            _("Name, function, organisation, e-mail"),
            _("Exhibitors of the edition"),
            anonymised,
            none,
            security,
        ],
        [
            _("Mails"),
            _("Mails about the registration and information mails"),
            _("Steps asked for (art. 6.1.b); information mails: consent (art. 6.1.a)"),
            participants,
            _("Address, language, text of the mails"),
            _("%(team)s; the mail server") % {"team": team},
            _("Text deleted %(months)d months after the last day of the edition")
            % {"months": rules.mail_months},
            none,
            security,
        ],
        [
            _("Figures and audit trail"),
            _("Figures of the edition, press release; who decided what"),
            _("Legitimate interest of the organiser (art. 6.1.f)"),
            _("Participants; the organiser's team"),
            _("Counts by country, category, type of organisation; decisions and exports"),
            team,
            _("Figures: anonymous, kept; audit trail: kept with the edition"),
            none,
            security,
        ],
    ]
