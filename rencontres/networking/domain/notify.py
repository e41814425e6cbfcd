"""Mails of B2B meetings, each in its recipient's language with a magic link to their space."""


def tell(registration, template, **context):
    from rencontres.registration.access import personal_url
    from rencontres.registration.notify import mail_participant

    return mail_participant(
        registration,
        f"networking/mail/{template}",
        requests_url=personal_url(registration, "networking:my_requests"),
        schedule_url=personal_url(registration, "networking:my_schedule"),
        **context,
    )
