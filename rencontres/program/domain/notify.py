"""The program's mails, each in the participant's language (templates in program/mail/)."""

from rencontres.registration.access import personal_url
from rencontres.registration.notify import mail_participant


def _send(registration, template, **context):
    return mail_participant(
        registration,
        f"program/mail/{template}",
        agenda_url=personal_url(registration, path_name="program:my_agenda"),
        **context,
    )


def tell_promoted(attendance):
    """A place freed up in a session whose waiting list this person was on."""
    return _send(attendance.registration, "promoted", session=attendance.session)


def tell_cafe(placement):
    return _send(placement.registration, "cafe_placed", session=placement.session)
