"""Organisers: edits refused with a message and values kept, fill rates, assignment, lists."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from conftest import make_registration
from rencontres.program.models import Attendance
from rencontres.registration.models import Delegation

from .conftest import workshops


def session_form(session, **changes):
    data = {
        "edition": session.edition_id,
        "kind": session.kind,
        "title_fr": session.title_fr,
        "title_en": session.title_en,
        "description_fr": "",
        "description_en": "",
        "start_0": session.start.astimezone().strftime("%Y-%m-%d"),
        "start_1": "14:30:00",
        "end_0": session.start.astimezone().strftime("%Y-%m-%d"),
        "end_1": "16:00:00",
        "room": session.room_id or "",
        "language": "fr",
        "capacity": session.capacity or "",
        "signup_required": "on",
        "order": 0,
        "speaker_roles-TOTAL_FORMS": 0,
        "speaker_roles-INITIAL_FORMS": 0,
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_edits_outside_the_days_or_over_the_room_are_refused(admin_client, small_edition):
    session = workshops(small_edition)[0]
    change = reverse("admin:program_session_change", args=[session.pk])
    outside = (small_edition.end_date + datetime.timedelta(days=3)).isoformat()
    page = admin_client.post(
        change, session_form(session, start_0=outside, end_0=outside, title_fr="Titre gardé")
    )
    body = page.content.decode()
    assert page.status_code == 200 and "pendant les jours" in body and "Titre gardé" in body
    page = admin_client.post(change, session_form(session, capacity=500))
    assert page.status_code == 200 and "ne peut pas en prévoir plus" in page.content.decode()
    session.refresh_from_db()
    assert session.capacity == 40


@pytest.mark.django_db
def test_assign_delegation_fill_rate_and_attendance_lists(admin_client, small_edition):
    session = workshops(small_edition)[0]
    delegation = Delegation.objects.create(edition=small_edition, name="Délégation du Cameroun")
    members = [
        make_registration(small_edition, delegation=delegation, organisation="=cmd()")
        for _ in range(3)
    ]
    response = admin_client.post(
        reverse("admin:program_session_assign", args=[session.pk]), {"delegation": delegation.pk}
    )
    assert response.status_code == 302
    assert Attendance.objects.filter(session=session, source="organiser").count() == 3
    listing = admin_client.get(
        reverse("admin:program_session_changelist") + f"?edition__id__exact={small_edition.pk}"
    )
    assert "3 / 40 (8 %)" in listing.content.decode()
    # Winter: 17:45 UTC is 18:45 in Paris, as the back-office shows it.
    Attendance.objects.filter(session=session).update(
        created=datetime.datetime(2027, 1, 10, 17, 45, tzinfo=datetime.UTC)
    )
    pdf = admin_client.get(reverse("admin:program_attendance_pdf", args=[session.pk]))
    assert pdf.content.startswith(b"%PDF")
    xlsx = admin_client.get(reverse("admin:program_attendance_xlsx", args=[session.pk]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 4 and {r[0] for r in rows[1:]} == {m.last_name for m in members}
    # Formulas typed as text: shown as typed, never run.
    assert all(cell.value == "=cmd()" and cell.data_type == "s" for cell in sheet["C"][1:])
    assert f"-{small_edition.number}e-edition.xlsx" in xlsx["Content-Disposition"]
    assert "emargement-" in xlsx["Content-Disposition"]
    signed_up = rows[0].index("Inscrit le")
    assert {row[signed_up] for row in rows[1:]} == {datetime.datetime(2027, 1, 10, 18, 45)}
    # Move one person to the next block's session.
    target = workshops(small_edition)[3]
    attendance = Attendance.objects.filter(session=session).first()
    admin_client.post(
        reverse("admin:program_attendance_changelist"),
        {
            "action": "move_people",
            "_selected_action": [attendance.pk],
            "apply": "1",
            "target": target.pk,
        },
    )
    attendance.refresh_from_db()
    assert attendance.session_id == target.pk
