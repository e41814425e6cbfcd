"""Mails of B2B meetings, each in its recipient's language with a magic link to their space."""


def tell(registration, template, **context):
    from rencontres.comms.mail import queue_mail
    from rencontres.registration.access import personal_url

    return queue_mail(
        to=registration.email,
        template=f"networking/mail/{template}",
        context={
            "registration": registration,
            "edition": registration.edition,
            "requests_url": personal_url(registration, "networking:my_requests"),
            "schedule_url": personal_url(registration, "networking:my_schedule"),
            **context,
        },
        language=registration.language,
        registration=registration,
        edition=registration.edition,
    )
