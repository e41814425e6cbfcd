"""Organisers: edits refused with a message and values kept, fill rates, assignment, lists."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from conftest import make_registration
from rencontres.program.models import Attendance, CafeRound
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
def test_edits_outside_the_days_or_over_the_room_are_refused(admin_client, edition):
    session = workshops(edition)[0]
    change = reverse("admin:program_session_change", args=[session.pk])
    outside = (edition.end_date + datetime.timedelta(days=3)).isoformat()
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
def test_assign_delegation_fill_rate_and_attendance_lists(admin_client, edition):
    session = workshops(edition)[0]
    delegation = Delegation.objects.create(edition=edition, name="Délégation du Cameroun")
    members = [
        make_registration(edition, delegation=delegation, organisation="=cmd()") for _ in range(3)
    ]
    response = admin_client.post(
        reverse("admin:program_session_assign", args=[session.pk]), {"delegation": delegation.pk}
    )
    assert response.status_code == 302
    assert Attendance.objects.filter(session=session, source="organiser").count() == 3
    listing = admin_client.get(
        reverse("admin:program_session_changelist") + f"?edition__id__exact={edition.pk}"
    )
    assert "3 / 40 (8 %)" in listing.content.decode()
    pdf = admin_client.get(reverse("admin:program_attendance_pdf", args=[session.pk]))
    assert pdf.content.startswith(b"%PDF")
    xlsx = admin_client.get(reverse("admin:program_attendance_xlsx", args=[session.pk]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 4 and {r[0] for r in rows[1:]} == {m.last_name for m in members}
    assert all(r[2] == "'=cmd()" for r in rows[1:])  # formulas neutralised
    # Move one person to the next block's session.
    target = workshops(edition)[3]
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


@pytest.mark.django_db
def test_cafe_round_page_runs_and_publishes(admin_client, edition):
    cafe_round = CafeRound.objects.get(edition=edition)
    from rencontres.program.domain import cafes

    ids = list(cafe_round.cafes().values_list("pk", flat=True)[:3])
    cafes.choose(make_registration(edition), cafe_round, ids)
    admin_client.post(reverse("admin:program_caferound_run", args=[cafe_round.pk]))
    page = admin_client.get(reverse("admin:program_caferound_change", args=[cafe_round.pk]))
    assert page.status_code == 200 and "Premier choix\u00a0: 1" in page.content.decode()
    admin_client.post(reverse("admin:program_caferound_publish", args=[cafe_round.pk]))
    cafe_round.refresh_from_db()
    assert cafe_round.published_at is not None
