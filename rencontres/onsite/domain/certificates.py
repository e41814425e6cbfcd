"""Certificates of attendance: the days a person was checked in, as a PDF on the organiser's
letterhead in their language, and the organisers' mailing to everyone checked in.

A mail is sent once per person: the delivery log (comms) already holds who got theirs, so
running the mailing again after late check-ins only writes to the newcomers.
"""

from django.db import transaction
from django.utils import timezone, translation

from rencontres.audit.log import record
from rencontres.comms.models import Mail
from rencontres.core.pdf import render_pdf
from rencontres.registration.access import personal_url
from rencontres.registration.models import Registration, RegistrationSettings
from rencontres.registration.notify import mail_participant

from ..models import CheckIn

MAIL = "onsite/mail/certificate"


def days_attended(registration):
    """The days (local dates) on which the person was scanned at a door, in order."""
    times = CheckIn.objects.filter(registration=registration).values_list("scanned_at", flat=True)
    return sorted({timezone.localtime(moment).date() for moment in times})


def attendees(edition):
    """Everyone checked in at least once at the edition (entrance or a session)."""
    return (
        Registration.objects.filter(edition=edition, check_ins__isnull=False)
        .distinct()
        .select_related("edition")
        .order_by("pk")
    )


def certificate_pdf(registration):
    """The certificate's PDF bytes, or None when the person was never checked in."""
    days = days_attended(registration)
    if not days:
        return None
    edition = registration.edition
    options = RegistrationSettings.objects.filter(edition=edition).first()
    with translation.override(registration.language):
        return render_pdf(
            "onsite/pdf/certificate.html",
            {
                "registration": registration,
                "edition": edition,
                "organiser": edition.organiser,
                "signatory": options.letter_signatory if options else "",
                "days": days,
                "issued_on": timezone.localdate(),
            },
        )


def send_certificates(edition, actor):
    """Mail everyone checked in who has not had their certificate yet; `(sent, already)`."""
    with transaction.atomic():
        people = list(attendees(edition))
        already = set(
            Mail.objects.filter(template=MAIL, registration__in=people).values_list(
                "registration", flat=True
            )
        )
        newcomers = [person for person in people if person.pk not in already]
        for person in newcomers:
            mail_participant(
                person, MAIL, certificate_url=personal_url(person, "onsite:certificate")
            )
        record(
            actor,
            "onsite.send_certificates",
            edition=edition,
            count=len(newcomers),
            already=len(already),
        )
    return len(newcomers), len(already)
