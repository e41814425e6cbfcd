"""Staff places: a partner's staff register through the registration rules, within its places."""

import pytest
from django.urls import reverse

from rencontres.audit.models import ActivityLog
from rencontres.partners.domain import PartnerError
from rencontres.partners.domain.staff import check_staff_places, places_left, register_staff
from rencontres.registration.models import Registration, RegistrationSettings

from .conftest import make_space

pytestmark = pytest.mark.django_db


def staff_data(number, **extra):
    return {
        "first_name": f"Prénom{number}",
        "last_name": f"Nom{number}",
        "email": f"staff{number}@alpha.example.org",
        "country": "FR",
        "data_consent": True,
        **extra,
    }


def test_staff_get_a_confirmed_place_in_the_partner_category(exhibitor):
    registration = register_staff(exhibitor, staff_data(1))
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.category.code == "partner"
    assert not registration.category.needs_approval
    assert registration.partner_staff.space == exhibitor
    assert places_left(exhibitor) == 1


def test_inviting_past_the_places_is_refused_and_nothing_is_kept(exhibitor):
    register_staff(exhibitor, staff_data(1))
    register_staff(exhibitor, staff_data(2))
    with pytest.raises(PartnerError, match="2"):
        register_staff(exhibitor, staff_data(3))
    assert not Registration.objects.filter(email="staff3@alpha.example.org").exists()


def test_a_cancelled_staff_member_frees_the_partner_place(exhibitor):
    from rencontres.registration.domain.registering import cancel

    first = register_staff(exhibitor, staff_data(1))
    register_staff(exhibitor, staff_data(2))
    cancel(first)
    assert register_staff(exhibitor, staff_data(3)).status == Registration.Status.CONFIRMED


def test_staff_never_wait_when_the_edition_is_full(exhibitor, small_edition):
    RegistrationSettings.objects.create(edition=small_edition, capacity=0)
    with pytest.raises(PartnerError, match="Partenaire|Exposant Alpha"):
        register_staff(exhibitor, staff_data(1))
    assert not Registration.objects.filter(edition=small_edition).exists()
    assert places_left(exhibitor) == 2


def test_an_address_already_registered_is_refused(exhibitor):
    register_staff(exhibitor, staff_data(1))
    with pytest.raises(PartnerError, match="staff1@alpha.example.org"):
        register_staff(exhibitor, staff_data(1))


def test_places_cannot_go_below_the_staff_registered(exhibitor):
    register_staff(exhibitor, staff_data(1))
    register_staff(exhibitor, staff_data(2))
    with pytest.raises(PartnerError, match="2"):
        check_staff_places(exhibitor, 1)
    check_staff_places(exhibitor, 2)


def test_the_form_past_the_places_says_so_and_keeps_the_values(client, area):
    space = make_space(area.edition, "Partenaire Beta", staff_places=1)
    url = reverse(
        "partners:staff", kwargs={"number": area.edition.number, "code": space.staff_code}
    )
    form = {**staff_data(1), "language": "fr", "data_consent": "on"}
    assert client.post(url, form).status_code == 200
    # Someone else took the last place while this page was open: told, values kept.
    response = client.post(url, {**form, "email": "late@alpha.example.org", "places": "1"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Partenaire Beta" in content and "late@alpha.example.org" in content
    assert not Registration.objects.filter(email="late@alpha.example.org").exists()


def test_a_wrong_code_is_a_404(client, area):
    url = reverse("partners:staff", kwargs={"number": area.edition.number, "code": "nope"})
    assert client.get(url).status_code == 404


def test_organiser_changing_staff_places_is_checked_and_recorded(admin_client, exhibitor):
    register_staff(exhibitor, staff_data(1))
    url = reverse("admin:partners_partnerspace_change", args=[exhibitor.pk])
    page = admin_client.get(url)
    form = page.context["adminform"].form
    data = {name: ("" if value is None else value) for name, value in form.initial.items()}
    data.update(
        partner=exhibitor.partner.pk,
        contact_email=exhibitor.contact_email,
        language="fr",
        is_exhibitor="on",
        staff_places=0,
        description_fr="",
        description_en="",
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "staff_places" in response.context["adminform"].form.errors
    data["staff_places"] = 5
    assert admin_client.post(url, data).status_code == 302
    exhibitor.refresh_from_db()
    assert exhibitor.staff_places == 5
    assert ActivityLog.objects.filter(action="partners.set_staff_places").exists()
