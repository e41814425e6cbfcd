"""A participant holding something in every app, for the download and erasure tests."""

import datetime

from django.core.files.base import ContentFile

from rencontres.comms.models import Mail
from rencontres.program.models import Session
from rencontres.registration.models import Question, VisaRequest
from rencontres.testing.factories import AttendanceFactory, ProfileFactory, RegistrationFactory

from .conftest import png


def full_participant(edition, **fields):
    question = Question.objects.create(edition=edition, label="Votre projet ?", kind="text")
    fields = {
        "first_name": "Awa",
        "last_name": "Diop",
        "email": "awa.diop@example.org",
        "phone": "+221 33 000 00 00",
        "accessibility_needs": "Fauteuil roulant",
        "dietary_needs": "Sans gluten",
        "answers": {str(question.pk): "Un jumelage avec Thiès"},
        **fields,
    }
    registration = RegistrationFactory(edition=edition, **fields)
    profile = ProfileFactory(registration=registration, pitch_en="We seek partners")
    profile.photo.save("me.png", ContentFile(png()), save=True)
    VisaRequest.objects.create(
        registration=registration,
        name_in_passport="AWA DIOP",
        nationality="SN",
        date_of_birth=datetime.date(1980, 5, 1),
        place_of_birth="Dakar",
        passport_number="A1234567",
        passport_issued_on=datetime.date(2020, 1, 1),
        passport_expires_on=datetime.date(2030, 1, 1),
        status=VisaRequest.Status.VALIDATED,
    )
    Mail.objects.create(
        to=registration.email,
        subject="Bienvenue Awa",
        body_text="Bonjour Awa Diop, voici votre lien.",
        body_html="<p>Bonjour Awa Diop</p>",
        language="fr",
        template="registration/status",
        registration=registration,
        edition=edition,
        status=Mail.Status.SENT,
    )
    session = Session.objects.filter(edition=edition, capacity__isnull=False).first()
    AttendanceFactory(session=session, registration=registration)
    return registration
