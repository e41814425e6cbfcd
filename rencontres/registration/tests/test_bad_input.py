"""Bad input gets a clear message with the values kept, never a 500: invisible or
direction-changing names, impossible birth dates, a tampered member count."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from conftest import make_registration
from rencontres.networking.models import Profile
from rencontres.registration.access import login_url_for
from rencontres.registration.models import Delegation, Registration, VisaRequest

from .conftest import form_data
from .test_visa_and_delegation_pages import visa_data

INVISIBLE = "\u200b\u200c\u2060"  # zero-width space, non-joiner, word joiner
COMBINING_ONLY = "\u0301\u0308"  # an acute accent and a diaeresis with no letter
REVERSED = "\u202enimA"  # a right-to-left override: displayed "Amin" backwards


def register_url(edition, delegation=False):
    return reverse("registration:register", kwargs={"number": edition.number}) + (
        "?delegation=1" if delegation else ""
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value", "message"),
    [
        (INVISIBLE, "seulement des caractères invisibles"),
        (COMBINING_ONLY, "seulement des caractères invisibles"),
        (REVERSED, "changent le sens du texte"),
    ],
)
def test_registration_refuses_invisible_and_reversing_names(client, edition, value, message):
    response = client.post(
        register_url(edition), form_data(edition, first_name=value, organisation="Ville d'Oran")
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body and "Ville d&#x27;Oran" in body
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_the_message_is_in_the_visitors_language(client, edition):
    with translation.override("en"):
        url = register_url(edition)
    response = client.post(url, form_data(edition, last_name=REVERSED))
    assert "change the direction of the text" in response.content.decode()


@pytest.mark.django_db
def test_real_names_in_any_script_pass(client, edition):
    # Persian needs the zero-width non-joiner inside a word; accents on letters are fine.
    names = {"first_name": "Zoë Nasrin", "last_name": "می\u200cخواهم Ødegård"}
    response = client.post(register_url(edition), form_data(edition, **names))
    assert response.status_code == 302
    assert Registration.objects.get().last_name == names["last_name"]


def members(**rows):
    data = {}
    for index, (first, last, email) in rows.items():
        data.update(
            {
                f"members-{index}-first_name": first,
                f"members-{index}-last_name": last,
                f"members-{index}-email": email,
                f"members-{index}-language": "fr",
            }
        )
    return data


@pytest.mark.django_db
def test_delegation_members_refuse_invisible_names(client, edition):
    data = form_data(edition, email="coord@example.org", delegation_name="Délégation")
    data.update(members(**{"0": (COMBINING_ONLY, "Un", "m1@example.org")}))
    data["members-TOTAL_FORMS"] = "1"
    response = client.post(register_url(edition, delegation=True), data)
    assert response.status_code == 400
    assert "seulement des caractères invisibles" in response.content.decode()
    assert 'value="m1@example.org"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("total", ["abc", "-3", "99999999", ""])
def test_a_tampered_member_count_keeps_what_was_typed(client, edition, total):
    url = register_url(edition, delegation=True)
    data = form_data(edition, email="coord@example.org", delegation_name="Délégation d'Oran")
    data.update(members(**{"0": ("Membre", "Un", "m1@example.org")}))
    data["members-TOTAL_FORMS"] = total
    more = client.post(url, {**data, "add_member": "1"})
    assert more.status_code == 200
    body = more.content.decode()
    assert 'value="m1@example.org"' in body and 'name="members-1-email"' in body
    assert "Délégation d&#x27;Oran" in body
    # Sent as it is, the delegation is registered with its member.
    assert client.post(url, data).status_code == 302
    assert Registration.objects.get(email="m1@example.org").delegation.name == "Délégation d'Oran"


@pytest.mark.django_db
def test_more_members_than_allowed_says_the_limit(client, edition):
    data = form_data(edition, email="coord@example.org", delegation_name="Grande délégation")
    data.update(members(**{str(i): ("Membre", f"N{i}", f"m{i}@example.org") for i in range(41)}))
    data["members-TOTAL_FORMS"] = "41"
    response = client.post(register_url(edition, delegation=True), data)
    assert response.status_code == 400
    assert "au plus 40 membres" in response.content.decode()
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_delegation_page_survives_a_tampered_member_count(client, edition):
    coordinator = make_registration(edition, "coord@example.org")
    delegation = Delegation.objects.create(edition=edition, name="D", coordinator=coordinator)
    Registration.objects.filter(pk=coordinator.pk).update(delegation=delegation)
    client.get(login_url_for(coordinator))
    url = reverse("registration:delegation", kwargs={"number": edition.number})
    data = members(**{"0": ("Membre", "Un", "m1@example.org")})
    data["members-TOTAL_FORMS"] = "abc"
    assert client.post(url, data).status_code == 302
    assert delegation.members.filter(email="m1@example.org").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "born",
    [
        lambda: (timezone.localdate() + datetime.timedelta(days=1)).isoformat(),
        lambda: "1899-12-31",
    ],
)
def test_visa_birth_date_in_the_future_or_before_1900_is_refused(client, edition, born):
    registration = make_registration(edition, "amina@example.org", country="SN")
    client.get(login_url_for(registration))
    url = reverse("registration:visa", kwargs={"number": edition.number})
    response = client.post(url, visa_data(edition, date_of_birth=born()))
    assert response.status_code == 400
    body = response.content.decode()
    assert "entre le 1er janvier 1900 et aujourd’hui" in body
    assert 'value="A01234567"' in body
    assert not VisaRequest.objects.exists()


@pytest.mark.django_db
def test_b2b_profile_refuses_reversing_or_invisible_text(client, edition):
    registration = make_registration(edition, "amina@example.org")
    client.get(login_url_for(registration, "networking:my_profile"))
    url = reverse("networking:my_profile", kwargs={"number": edition.number})
    for pitch, message in [
        (REVERSED, "changent le sens du texte"),
        (INVISIBLE, "seulement des caractères invisibles"),
    ]:
        response = client.post(url, {"opted_in": "on", "pitch_fr": pitch, "max_meetings": ""})
        body = response.content.decode()
        assert message in body and pitch in body, "refused, what was typed is shown again"
    assert not Profile.objects.filter(registration=registration).exclude(pitch_fr="").exists()
