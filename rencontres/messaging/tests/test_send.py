"""Messages through the real mail queue and a real SMTP server."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from rencontres.audit.models import ActivityLog
from rencontres.comms.models import Mail
from rencontres.messaging.domain import render, send
from rencontres.messaging.models import Message, Unsubscription

pytestmark = pytest.mark.django_db(transaction=True)


def message(edition, **fields):
    defaults = {
        "subject_fr": "Infos pratiques pour {first_name}",
        "body_fr": "Bonjour {civility} {last_name},\nvotre espace : {personal_link}\n<script>alert(1)</script>",
        "subject_en": "Practical information for {first_name}",
        "body_en": "Dear {first_name}, the meeting is on {edition_dates}. Agenda: {agenda_link}",
    }
    return Message.objects.create(edition=edition, **{**defaults, **fields})


def test_placeholders_are_checked():
    render.check("Bonjour {first_name}, {{ brace }}")
    with pytest.raises(ValidationError, match=r"\{prenom\}"):
        render.check("Bonjour {prenom}")
    with pytest.raises(ValidationError, match="accolade"):
        render.check("Bonjour {first_name")
    # No attribute access: nothing reachable beyond the ready-made strings.
    with pytest.raises(ValidationError):
        render.check("{first_name.__class__}")


def test_each_person_gets_their_language(small_edition, people):
    msg = message(small_edition)
    subject, text, html = render.render(msg, people["en"][0])
    assert subject == "Practical information for Mary"
    assert "Dear Mary" in text and "/en/" in text
    subject, text, html = render.render(msg, people["fr"][0])
    assert subject.startswith("Infos pratiques pour ")
    assert "Bonjour Madame Diallo" in text and "/en/" not in text
    # HTML written in a message reaches participants as text.
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_missing_language_falls_back_with_a_warning(small_edition, people):
    msg = message(small_edition, subject_en="", body_en="")
    assert render.missing_languages(msg) == ["en"]
    subject, _text, _html = render.render(msg, people["en"][0])
    assert subject == "Infos pratiques pour Mary"


def test_send_through_smtp_with_list_unsubscribe(
    small_edition, people, organiser, smtp_server, run_worker, client
):
    msg = message(small_edition)
    assert send.send(msg, organiser) == 5
    run_worker()  # queues the message
    run_worker()  # sends its mails
    received = smtp_server.wait_for(5)
    assert sorted(m["To"] for m in received) == sorted(r.email for r in people["fr"] + people["en"])
    english = next(m for m in received if m["To"] == people["en"][0].email)
    assert english["Subject"] == "Practical information for Mary"
    assert english["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = english["List-Unsubscribe"].strip("<>")
    assert link in english.get_body(("plain",)).get_content()
    msg.refresh_from_db()
    assert msg.status == Message.Status.QUEUED and msg.recipient_count == 5
    assert send.report(msg)["sent"] == 5
    log = ActivityLog.objects.get(action="messaging.send")
    assert log.actor == organiser and log.data["recipients"] == 5

    # The link opens a page; only the button (or a mail client's one-click POST) unsubscribes.
    path = link.removeprefix("http://127.0.0.1:8000")
    page = client.get(path)
    assert page.status_code == 200 and not Unsubscription.objects.exists()
    client.post(path, {"List-Unsubscribe": "One-Click"})
    assert Unsubscription.objects.filter(email=people["en"][0].email.lower()).exists()

    # Sent once: sending again is refused, and the next information message skips them.
    with pytest.raises(send.SendError):
        send.send(msg, organiser)
    assert send.send(message(small_edition), organiser) == 4
    needed = message(small_edition, kind=Message.Kind.REGISTRATION)
    assert send.send(needed, organiser) == 5
    run_worker()
    run_worker()
    registration_mail = [m for m in smtp_server.wait_for(14) if m["To"] == people["en"][0].email][
        -1
    ]
    assert registration_mail["List-Unsubscribe"] is None


def test_attachment_and_test_to_me(
    small_edition, people, organiser, smtp_server, run_worker, tmp_path
):
    msg = message(small_edition)
    msg.attachment.save("programme.pdf", ContentFile(b"%PDF-1.4 test"))
    assert send.send_test(msg, organiser) == 2
    run_worker()
    received = smtp_server.wait_for(2)
    assert {m["To"] for m in received} == {"organiser@example.org"}
    assert {m["Subject"] for m in received} == {
        "Practical information for Mary",
        f"Infos pratiques pour {people['fr'][0].first_name}",
    }
    attachment = next(received[0].iter_attachments())
    assert attachment.get_filename().endswith(".pdf")
    assert attachment.get_content().startswith(b"%PDF-")
    assert not Mail.objects.filter(to=people["fr"][0].email).exists()
    msg.attachment.delete()


def test_scheduled_in_the_past_or_empty_is_refused(small_edition, people, organiser):
    msg = message(small_edition, scheduled_at=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(send.SendError, match="est passée"):
        send.send(msg, organiser)
    empty = message(small_edition, segment={"country": ["JP"]})
    with pytest.raises(send.SendError):
        send.send(empty, organiser)
    assert not ActivityLog.objects.exists()


def test_a_scheduled_message_waits_for_its_time(small_edition, people, organiser, run_worker):
    from django_tasks_db.models import DBTaskResult

    when = timezone.now() + datetime.timedelta(hours=2)
    msg = message(small_edition, scheduled_at=when)
    assert send.send(msg, organiser) == 5
    run_worker()
    msg.refresh_from_db()
    assert msg.status == Message.Status.SCHEDULED and not Mail.objects.exists()
    task = DBTaskResult.objects.get(task_path__endswith="queue_message")
    assert task.run_after == when
    assert ActivityLog.objects.get().data["scheduled_at"] == when.isoformat()
