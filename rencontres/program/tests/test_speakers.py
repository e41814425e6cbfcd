"""The speakers' space: the link opens one speaker's space and stops when revoked; bad files
get a clear message; organisers send links and reminders; public pages wait for nothing."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from conftest import run_admin_action
from rencontres.audit.models import ActivityLog
from rencontres.core.uploads import MB
from rencontres.program.domain import speakers
from rencontres.program.models import SessionSpeaker, Speaker, SpeakerDocument
from rencontres.testing.factories import EditionFactory, SessionFactory, SpeakerFactory


@pytest.fixture(autouse=True)
def _uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_ROOT = tmp_path / "private"


def speaker_with_session(**fields):
    edition = EditionFactory()
    speaker = SpeakerFactory(edition=edition, email="amina@example.org", **fields)
    session = SessionFactory(edition=edition, title_fr="Villes et climat")
    SessionSpeaker.objects.create(session=session, speaker=speaker)
    return speaker, session


def relative(url):
    return re.sub(r"^https?://[^/]+", "", url)


def png_with_comment():
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010E] = "taken at home"
    Image.new("RGB", (60, 80), "navy").save(out, format="PNG", exif=exif)
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_the_link_opens_only_its_speakers_space_and_stops_when_revoked(client, db):
    speaker, _session = speaker_with_session()
    other, _ = speaker_with_session()
    url = relative(speakers.space_url(speaker))
    response = client.get(url, follow=True)
    assert response.status_code == 200
    assert speaker.name in response.text and other.name not in response.text
    # The space of another edition does not open with this session.
    response = client.get(reverse("program:speaker_space", kwargs={"number": other.edition.number}))
    assert response.status_code == 403
    speakers.revoke_link(speaker)
    response = client.get(
        reverse("program:speaker_space", kwargs={"number": speaker.edition.number})
    )
    assert response.status_code == 403
    response = client.get(url)
    assert response.status_code == 400
    assert "Ce lien ne fonctionne plus" in response.text


def test_a_profile_is_complete_with_both_bios_a_photo_and_its_rights(db):
    speaker, _ = speaker_with_session(organisation="Ville de Lyon", country="FR")
    incomplete = Speaker.objects.filter(speakers.incomplete_q())
    assert speaker in incomplete
    speaker.bio_fr, speaker.bio_en = "Maire depuis 2020.", "Mayor since 2020."
    speaker.photo = "speakers/a.png"
    speaker.save()
    assert speaker in Speaker.objects.filter(speakers.incomplete_q())
    speakers.confirm_photo_rights(speaker, True)
    speaker.save()
    assert speakers.is_complete(speaker)
    assert speaker not in Speaker.objects.filter(speakers.incomplete_q())


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("slides.pdf", b"MZ\x90\x00" + b"\x00" * 100, "Ce fichier n’est pas un document PDF."),
        ("slides.pdf", b"%PDF-" + b"0" * (21 * MB), "Ce fichier dépasse 20 Mo."),
    ],
    ids=["executable-renamed-pdf", "21-MB"],
)
def test_a_bad_document_gets_a_clear_message_and_nothing_is_stored(
    client, db, name, content, message
):
    speaker, session = speaker_with_session()
    client.get(relative(speakers.space_url(speaker)))
    response = client.post(
        reverse("program:speaker_upload", kwargs={"number": speaker.edition.number}),
        {
            "session": session.pk,
            "title": "Mes diapositives",
            "file": SimpleUploadedFile(name, content),
        },
    )
    assert response.status_code == 400
    assert message in response.text
    assert 'value="Mes diapositives"' in response.text
    assert not SpeakerDocument.objects.exists()


def test_travel_dates_stay_near_the_edition(client, db):
    speaker, _ = speaker_with_session()
    client.get(relative(speakers.space_url(speaker)))
    far = speaker.edition.start_date + datetime.timedelta(days=90)
    response = client.post(
        reverse("program:speaker_space", kwargs={"number": speaker.edition.number}),
        {"name": speaker.name, "arrival": far.isoformat(), "departure": speaker.edition.start_date},
    )
    assert response.status_code == 400
    assert "Indiquez une date entre" in response.text
    start = speaker.edition.start_date
    response = client.post(
        reverse("program:speaker_space", kwargs={"number": speaker.edition.number}),
        {"name": speaker.name, "arrival": start + datetime.timedelta(days=1), "departure": start},
    )
    assert response.status_code == 400
    assert "Le départ ne peut pas précéder l’arrivée." in response.text
    speaker.refresh_from_db()
    assert speaker.arrival is None


def test_public_pages_show_a_neutral_line_and_documents_only_after_the_session_if_agreed(
    client, db
):
    speaker, session = speaker_with_session()
    page = client.get(speaker.get_absolute_url())
    assert "Biographie à venir." in page.text
    agreed = SpeakerDocument.objects.create(
        speaker=speaker,
        session=session,
        title="Diapositives publiques",
        publish=True,
        file=SimpleUploadedFile("a.pdf", PDF),
    )
    SpeakerDocument.objects.create(
        speaker=speaker,
        session=session,
        title="Notes privées",
        publish=False,
        file=SimpleUploadedFile("b.pdf", PDF),
    )
    session_url = reverse(
        "program:session", kwargs={"number": session.edition.number, "session_id": session.pk}
    )
    document_url = reverse(
        "program:session_document",
        kwargs={
            "number": session.edition.number,
            "session_id": session.pk,
            "document_id": agreed.pk,
        },
    )
    assert "Diapositives publiques" not in client.get(session_url).text
    assert client.get(document_url).status_code == 404
    session.start -= datetime.timedelta(days=400)
    session.end = timezone.now() - datetime.timedelta(hours=1)
    session.save()
    text = client.get(session_url).text
    assert "Diapositives publiques" in text and "Notes privées" not in text
    response = client.get(document_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_speaker_completes_their_bio_photo_and_sends_slides(page, axe, tmp_path, settings):
    speaker, session = speaker_with_session()
    page.goto(relative(speakers.space_url(speaker)))
    page.get_by_role("heading", name="Mon espace intervenant").wait_for()
    assert "Biographie courte (en français)" in page.locator(".notice").inner_text()
    axe(page)
    page.get_by_label("Organisation").fill("Ville de Dakar")
    page.get_by_label("Biographie courte (en français)").fill(
        "Maire adjointe chargée des relations internationales."
    )
    page.get_by_label("Biographie courte (en anglais)").fill(
        "Deputy mayor for international relations."
    )
    photo = tmp_path / "portrait.png"
    photo.write_bytes(png_with_comment())
    page.get_by_label(re.compile(r"^Photo\b")).set_input_files(photo)
    page.get_by_label("J’autorise les organisateurs").check()
    page.get_by_label("Besoins pour le voyage").fill("Arrivée à Orly, fauteuil roulant.")
    page.get_by_role("button", name="Enregistrer mon profil").click()
    page.get_by_text("Merci : votre profil est enregistré.").wait_for()
    axe(page)
    speaker.refresh_from_db()
    assert speaker.bio_en == "Deputy mayor for international relations."
    assert speaker.photo_rights_at is not None
    with speaker.photo.open("rb") as stored, Image.open(stored) as image:
        assert image.size == (60, 80) and not image.getexif()
    assert str(settings.MEDIA_ROOT) in speaker.photo.path

    # An executable renamed .pdf is refused next to its field; the title typed stays.
    fake = tmp_path / "slides.pdf"
    fake.write_bytes(b"MZ\x90\x00 not a pdf")
    page.get_by_label(re.compile(r"^Session\b")).select_option(str(session.pk))
    page.get_by_label("Titre").fill("Mes diapositives")
    page.get_by_label("Fichier PDF").set_input_files(fake)
    page.get_by_role("button", name="Envoyer le document").click()
    page.get_by_role("alert").get_by_text("n’est pas un document PDF").wait_for()
    assert page.get_by_label("Titre").input_value() == "Mes diapositives"
    axe(page)

    slides = tmp_path / "diapositives.pdf"
    slides.write_bytes(PDF)
    page.get_by_label(re.compile(r"^Session\b")).select_option(str(session.pk))
    page.get_by_label("Fichier PDF").set_input_files(slides)
    page.get_by_label("Publier sur la page de la séance après la séance").check()
    page.get_by_role("button", name="Envoyer le document").click()
    page.get_by_text("Merci : votre document est bien reçu.").wait_for()
    document = SpeakerDocument.objects.get()
    assert document.publish and document.session == session
    assert str(settings.PRIVATE_ROOT) in document.file.path
    assert page.get_by_role("link", name="Mes diapositives").count() == 1


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_organisers_send_links_and_remind_the_incomplete(
    admin_page, smtp_server, run_worker, live_server
):
    speaker, _ = speaker_with_session(language="en")
    done, _ = speaker_with_session(
        organisation="Ville de Lyon",
        country="FR",
        bio_fr="Bio.",
        bio_en="Bio.",
        photo="speakers/x.png",
        photo_rights_at=timezone.now(),
    )
    page = admin_page
    page.goto("/admin/program/speaker/")
    page.get_by_role("link", name="Non").first.click()  # the filter "profile complete: no"
    page.wait_for_url("**complete=no**")
    assert page.locator("input[name='_selected_action']").count() == 1
    run_admin_action(page, "send_space_links", [speaker.pk])
    page.get_by_text("1 message mis en file d’attente.").wait_for()
    run_worker()
    mails = smtp_server.wait_for(1)
    text = mails[0].get_body(("plain",)).get_content()
    assert "Your speaker space" in mails[0]["Subject"]
    link = re.search(r"https?://\S+", text).group(0)
    # A link in the speaker's language that opens their space.
    assert "/en/speakers/link/" in link
    assert speakers.read_link(link.rstrip("/").rsplit("/", 1)[1]) == speaker

    page.goto("/admin/program/speaker/")
    run_admin_action(page, "remind_incomplete", [speaker.pk, done.pk])
    page.get_by_text("1 message mis en file d’attente.").wait_for()
    run_worker()
    reminder = smtp_server.wait_for(2)[1]
    assert "Reminder" in reminder["Subject"]
    # What is missing, named in the speaker's language.
    assert "Short biography (in English)" in reminder.get_body(("plain",)).get_content()
    speaker.refresh_from_db()
    done.refresh_from_db()
    assert speaker.reminded_at is not None and done.reminded_at is None
    actions = set(ActivityLog.objects.values_list("action", flat=True))
    assert {"program.send_speaker_link", "program.remind_speaker"} <= actions
