"""The program's mails, each in the participant's language (templates in program/mail/)."""

from rencontres.comms.mail import queue_mail
from rencontres.registration.access import personal_url


def _send(registration, template, **context):
    edition = registration.edition
    return queue_mail(
        to=registration.email,
        template=f"program/mail/{template}",
        context={
            "registration": registration,
            "edition": edition,
            "agenda_url": personal_url(registration, path_name="program:my_agenda"),
            **context,
        },
        language=registration.language,
        registration=registration,
        edition=edition,
        reply_to=edition.contact_email,
    )


def tell_promoted(attendance):
    """A place freed up in a session whose waiting list this person was on."""
    return _send(attendance.registration, "promoted", session=attendance.session)


def tell_cafe(placement):
    return _send(placement.registration, "cafe_placed", session=placement.session)
