"""Organisers' forms and pages for places: limits refused with their message and values kept,
the waiting list promoted by mail (read from the SMTP server), unconfirmed addresses."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from conftest import make_registration
from rencontres.audit.models import ActivityLog
from rencontres.registration.models import Registration, RegistrationSettings

S = Registration.Status
LIST = "/admin/registration/registration/"


@pytest.fixture
def waiting(edition):
    """Capacity 1, taken; Awa waits."""
    settings = RegistrationSettings.objects.create(edition=edition, capacity=1)
    make_registration(edition, "taken@example.org")
    awa = make_registration(
        edition,
        "awa@example.org",
        status=S.WAITING,
        waiting_since=timezone.now(),
        email_confirmed_at=timezone.now(),
        first_name="Awa",
        language="en",
    )
    return settings, awa


@pytest.mark.django_db(transaction=True)
def test_capacity_form_refuses_too_low_and_a_rise_promotes_with_a_mail(
    admin_client, waiting, smtp_server, run_worker
):
    settings, awa = waiting
    change = reverse("admin:registration_registrationsettings_change", args=[settings.pk])
    form = {"edition": settings.edition_id, "letter_signatory": "La directrice"}
    page = admin_client.post(change, {**form, "capacity": 0})
    body = page.content.decode()
    assert page.status_code == 200 and "1 personne a déjà une place" in body
    assert "La directrice" in body, "the values typed are kept"
    settings.refresh_from_db()
    assert settings.capacity == 1 and settings.letter_signatory == ""
    page = admin_client.post(change, {**form, "capacity": 2}, follow=True)
    assert "1 personne a obtenu une place depuis la liste d’attente" in page.content.decode()
    awa.refresh_from_db()
    assert awa.status == S.CONFIRMED
    run_worker()
    [mail] = smtp_server.wait_for(1)
    assert mail["To"] == "awa@example.org"
    assert "Good news: a place has become free" in mail.get_body(("plain",)).get_content()
    assert ActivityLog.objects.get(action="registration.set_capacity").data == {"old": 1, "new": 2}


@pytest.mark.django_db
def test_quota_in_the_list_refused_below_its_places(admin_client, edition):
    press = edition.categories.get(code="press")
    make_registration(edition, "p@example.org", category=press)
    categories = list(edition.categories.all())
    url = reverse("admin:registration_category_changelist") + f"?edition__id__exact={edition.pk}"
    data = {
        "form-TOTAL_FORMS": len(categories),
        "form-INITIAL_FORMS": len(categories),
        "_save": "Enregistrer",
    }
    for index, category in enumerate(categories):
        data[f"form-{index}-id"] = category.pk
        data[f"form-{index}-quota"] = "0" if category == press else ""
        data[f"form-{index}-order"] = category.order
        if category.needs_approval:
            data[f"form-{index}-needs_approval"] = "on"
    page = admin_client.post(url, data)
    assert page.status_code == 200
    assert "1 personne a déjà une place" in page.content.decode()
    press.refresh_from_db()
    assert press.quota is None


@pytest.mark.django_db
def test_category_change_past_its_quota_refused_with_values_kept(admin_client, edition):
    press = edition.categories.get(code="press")
    press.quota = 1
    press.save()
    make_registration(edition, "p@example.org", category=press)
    person = make_registration(edition, "x@example.org", last_name="Diallo")
    change = reverse("admin:registration_registration_change", args=[person.pk])
    data = {
        "edition": edition.pk,
        "category": press.pk,
        "first_name": person.first_name,
        "last_name": "Diallo-Sy",
        "email": person.email,
        "language": "fr",
        "country": "FR",
        "data_consent": "on",
        "answers": "{}",
        "mail_set-TOTAL_FORMS": 0,
        "mail_set-INITIAL_FORMS": 0,
    }
    page = admin_client.post(change, data)
    body = page.content.decode()
    assert page.status_code == 200, body[:400]
    assert "La catégorie « Presse » est complète (quota\u00a0: 1)" in body
    assert "Diallo-Sy" in body
    person.refresh_from_db()
    assert person.category.code == "elected" and person.last_name == "Diallo"
    # Another live registration's address: a message, not a database error.
    page = admin_client.post(
        change, {**data, "category": person.category_id, "email": "P@example.org"}
    )
    assert "Cette adresse est déjà inscrite" in page.content.decode()


@pytest.mark.django_db
def test_unconfirmed_registrations_show_their_age(admin_client, edition):
    old = make_registration(edition, "old@example.org", status=S.PENDING_EMAIL)
    Registration.objects.filter(pk=old.pk).update(
        created=timezone.now() - datetime.timedelta(days=3)
    )
    make_registration(edition, "ok@example.org", email_confirmed_at=timezone.now())
    page = admin_client.get(LIST, {"address": "unconfirmed"}).content.decode()
    assert "old@example.org" in page and "ok@example.org" not in page
    assert "non confirmée depuis 3\xa0jours" in page


@pytest.mark.django_db
def test_the_new_actions_need_their_permissions(client, edition):
    staff = get_user_model().objects.create_user("desk", password="x", is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_registration", "send_link_registration"])
    )
    make_registration(edition)
    client.force_login(staff)
    page = client.get(LIST).content.decode()
    assert 'value="send_personal_link"' in page, "the actions are shown"
    assert 'value="give_place"' not in page and 'value="reactivate"' not in page
    staff.user_permissions.add(Permission.objects.get(codename="give_place"))
    staff = get_user_model().objects.get(pk=staff.pk)
    client.force_login(staff)
    page = client.get(LIST).content.decode()
    assert 'value="give_place"' in page and 'value="move_up"' not in page
