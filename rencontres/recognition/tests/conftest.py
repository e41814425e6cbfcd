import datetime

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from rencontres.recognition.models import Application, CallQuestion, Criterion, Juror, LabelCall

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_file(name="projet.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def private_root(settings, tmp_path):
    settings.PRIVATE_ROOT = tmp_path / "private"
    return settings.PRIVATE_ROOT


@pytest.fixture
def call(small_edition, private_root):
    """An open call: two criteria (weights 3 and 1), one question, one document required."""
    today = timezone.localdate()
    call = LabelCall.objects.create(
        edition=small_edition,
        title_fr="Territoires unis et solidaires face aux crises",
        title_en="United cities and territories in the wake of crises",
        documents_required_fr="Présentation du projet",
        documents_required_en="Presentation of the project",
        opens=today - datetime.timedelta(days=1),
        closes=today + datetime.timedelta(days=10),
    )
    Criterion.objects.create(call=call, name_fr="Crise", name_en="Crisis", weight=3, order=1)
    Criterion.objects.create(call=call, name_fr="Résultats", name_en="Results", weight=1, order=2)
    CallQuestion.objects.create(
        call=call, text_fr="Qui sont les habitants associés ?", text_en="Who is involved?"
    )
    return call


def make_application(call, **fields):
    defaults = {
        "authority": "Commune d'Exemple",
        "country": "FR",
        "contact_name": "Camille Exemple",
        "email": "camille@example.org",
        "elected_official": "Dominique Fictif, maire",
        "language": "fr",
        "project_title": "Eau potable après les inondations",
        "partners_abroad": "Ville fictive",
        "crisis": "Inondations",
        "results": "Puits réparés",
    }
    defaults.update(fields)
    return Application.objects.create(call=call, **defaults)


def make_juror(call, username, **fields):
    user = User.objects.create_user(username, f"{username}@example.org", is_staff=True)
    return Juror.objects.create(call=call, user=user, **fields)
