"""An organiser reorders a session's waiting list in the back-office, in Chromium."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from conftest import make_registration
from rencontres.program.domain import signup
from rencontres.program.models import Attendance, Session

from .conftest import workshops


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_organiser_moves_someone_up_a_session_waiting_list(page, live_server, edition):
    session = workshops(edition)[0]
    Session.objects.filter(pk=session.pk).update(capacity=1)
    people = [make_registration(edition, last_name=name) for name in ("Ba", "Cissé", "Diop")]
    signup.sign_up(people[0], session)
    for person in people[1:]:
        signup.sign_up(person, session, waiting_list=True)
    last = Attendance.objects.get(session=session, registration=people[2])
    user = get_user_model().objects.create_user("prog", password="un-mot-de-passe", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_attendance", "assign_attendance"])
    )
    page.goto("/admin/login/?next=/admin/program/attendance/")
    page.fill("#id_username", "prog")
    page.fill("#id_password", "un-mot-de-passe")
    page.click("input[type=submit]")
    page.wait_for_selector("#result_list")
    page.check(f"input[name=_selected_action][value='{last.pk}']")
    page.select_option("select[name=action]", "move_up")
    page.click("button[name=index]")
    page.wait_for_selector("text=1 personne déplacée dans la liste d’attente.")
    waiting = Attendance.objects.filter(session=session, status="waiting").order_by("created")
    assert [a.registration.last_name for a in waiting] == ["Diop", "Cissé"]
