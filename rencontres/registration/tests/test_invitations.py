"""Invitations: invite, the guest's link (open, accept, decline), reminders, bad input."""

import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import translation

from rencontres.audit.models import ActivityLog
from rencontres.comms.models import Mail
from rencontres.messaging.models import AutomaticMail
from rencontres.registration.domain import RegistrationError, invitations, registering
from rencontres.registration.models import Category, Invitation, Registration
from rencontres.testing.factories import CategoryFactory, EditionFactory

from .conftest import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def minister(small_edition):
    return CategoryFactory(
        edition=small_edition,
        code="minister",
        name_fr="Ministre",
        name_en="Minister",
        invitation_only=True,
    )


@pytest.fixture
def organiser():
    return User.objects.create_superuser("organiser", "organiser@example.org", "pw")


def invite(edition, category, organiser, email="ministre@example.org", **fields):
    return invitations.invite(
        edition,
        actor=organiser,
        category=category,
        email=email,
        first_name="Jean",
        last_name="Martin",
        language=fields.pop("language", "fr"),
        **fields,
    )


def mailed(invitation, mail):
    """The invitation the link in `mail` opens."""
    token = re.search(r"/invitation/([^/\s]+)/", mail.body_text).group(1)
    return invitations.read_token(token) == invitation


def link(invitation):
    with translation.override(invitation.language):
        return reverse("registration:invitation", kwargs={"token": invitations.token(invitation)})


def answer(invitation, **overrides):
    """The guest's form as they send it: the pre-filled values, consent ticked."""
    data = form_data(invitation.edition, email=invitation.email, category=None)
    data.update(first_name=invitation.first_name, last_name=invitation.last_name)
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def person(invitation):
    """What the domain takes: Registration fields."""
    return {
        "first_name": invitation.first_name,
        "last_name": invitation.last_name,
        "email": invitation.email,
        "language": invitation.language,
        "country": "SN",
        "data_consent": True,
    }


def test_invite_mails_the_guest_with_the_form_of_address_and_records_it(
    small_edition, minister, organiser
):
    invitation = invite(
        small_edition,
        minister,
        organiser,
        email=" Ministre@Example.org ",
        form_of_address="Monsieur le Ministre",
        function="Ministre délégué",
        country="SN",
        vip=True,
    )
    assert invitation.email == "ministre@example.org"
    assert invitation.prefill == {"function": "Ministre délégué", "country": "SN"}
    mail = Mail.objects.get(template="registration/mail/invitation")
    assert mail.to == "ministre@example.org"
    assert mail.body_text.splitlines()[2] == "Monsieur le Ministre,"
    assert "au titre de\u00a0: Ministre" in mail.body_text and mailed(invitation, mail)
    assert mail.subject.startswith("Votre invitation")
    # The guest has not registered: the footer says why the mail came, in both versions.
    for body in (mail.body_text, mail.body_html):
        assert "les organisateurs vous ont invité·e à cette adresse" in body
        assert "inscription faite avec cette adresse" not in body
    assert ActivityLog.objects.filter(action="registration.invite", actor=organiser).exists()


def test_english_guest_without_form_of_address_is_greeted_by_name(
    small_edition, minister, organiser
):
    invite(small_edition, minister, organiser, language="en")
    mail = Mail.objects.get(template="registration/mail/invitation")
    assert "Dear Jean Martin," in mail.body_text
    assert "/en/invitation/" in mail.body_text


def test_the_invitation_mail_is_editable_like_other_automatic_mails(
    small_edition, minister, organiser
):
    AutomaticMail.objects.create(
        edition=small_edition,
        key="registration/mail/invitation",
        subject_fr="Invitation personnelle",
        body_fr="{salutation}\nVenez ! Répondez ici : {invitation_link}",
    )
    invitation = invite(small_edition, minister, organiser, form_of_address="Madame la Ministre")
    mail = Mail.objects.get(template="registration/mail/invitation")
    assert mail.subject == "Invitation personnelle"
    assert "Madame la Ministre,\nVenez !" in mail.body_text
    assert mailed(invitation, mail)


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("not-an-address", "n’est pas une adresse"),
        ("ministre@example.org", "déjà invité"),
        ("registered@example.org", "déjà inscrit"),
    ],
)
def test_invite_refuses_bad_addresses(small_edition, minister, organiser, email, message):
    from conftest import make_registration

    invite(small_edition, minister, organiser)
    make_registration(small_edition, email="registered@example.org")
    with translation.override("fr"), pytest.raises(RegistrationError, match=message):
        invite(small_edition, minister, organiser, email=email)
    assert Invitation.objects.count() == 1


def test_invite_refuses_a_category_of_another_edition_and_unknown_fields(small_edition, organiser):
    other = CategoryFactory(edition=EditionFactory(), code="minister")
    with pytest.raises(RegistrationError):
        invite(small_edition, other, organiser)
    with pytest.raises(TypeError):
        invite(small_edition, small_edition.categories.first(), organiser, shoe_size=42)


def test_the_back_office_forms_refuse_a_category_of_another_edition(small_edition):
    from rencontres.registration.admin_invitations import InviteForm, InviteSeveralForm

    other = CategoryFactory(edition=EditionFactory(), code="minister")
    common = {"edition": small_edition.pk, "category": other.pk, "language": "fr"}
    one = InviteForm(
        {**common, "email": "ministre@example.org", "first_name": "A", "last_name": "B"}
    )
    several = InviteSeveralForm({**common, "people": "ministre@example.org; A; B"})
    for form in (one, several):
        assert not form.is_valid()
        assert form.errors["category"] == ["Cette catégorie appartient à une autre édition."]
        # Each category is named with its edition in the menu.
        assert str(small_edition) in form.fields["category"].label_from_instance(
            small_edition.categories.first()
        )


def test_the_public_form_does_not_offer_an_invitation_only_category(
    client, small_edition, minister
):
    url = reverse("registration:register", kwargs={"number": small_edition.number})
    page = client.get(url).content.decode()
    assert "Ministre" not in page and "Élu·e local·e" in page
    response = client.post(url, form_data(small_edition, category=minister.pk))
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Registration.objects.exists()
    data = {**form_data(small_edition), "category": minister, "country": "SN"}
    data.pop("data_consent")
    with pytest.raises(RegistrationError, match="invitation"):
        registering.register(small_edition, {**data, "data_consent": True})


def test_the_guest_opens_the_link_and_accepts(client, small_edition, minister, organiser):
    invitation = invite(
        small_edition, minister, organiser, organisation="Ministère", function="Ministre"
    )
    page = client.get(link(invitation))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'value="Ministère"' in text and 'value="ministre@example.org"' in text
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.OPENED and invitation.opened_at

    response = client.post(link(invitation), answer(invitation, organisation="Ministère"))
    assert response.status_code == 302
    invitation.refresh_from_db()
    registration = invitation.registration
    assert invitation.status == Invitation.Status.ACCEPTED
    assert registration.category == minister
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.email_confirmed_at is not None
    assert client.get(response.url).status_code == 200  # the space opened


def test_a_link_used_twice_or_forged_gives_a_clear_page(client, small_edition, minister, organiser):
    invitation = invite(small_edition, minister, organiser)
    assert client.post(link(invitation), answer(invitation)).status_code == 302
    again = client.get(link(invitation))
    assert again.status_code == 200
    assert "Vous avez déjà accepté cette invitation." in again.content.decode()
    posted = client.post(link(invitation), answer(invitation))
    assert posted.status_code == 200 and "déjà accepté" in posted.content.decode()
    assert Registration.objects.count() == 1

    token = invitations.token(invitation)
    forged = client.get(reverse("registration:invitation", kwargs={"token": token[:-3] + "abc"}))
    assert forged.status_code == 400
    assert "incomplet ou a été modifié" in forged.content.decode()


def test_another_address_is_refused_with_what_was_typed_kept(
    client, small_edition, minister, organiser
):
    invitation = invite(small_edition, minister, organiser)
    response = client.post(
        link(invitation), answer(invitation, email="someone.else@example.org", city="Thiès")
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Cette invitation est personnelle" in text and 'value="Thiès"' in text
    assert not Registration.objects.exists()
    with pytest.raises(RegistrationError):
        invitations.accept(invitation, {"email": "someone.else@example.org"})


def test_decline_then_the_link_says_so(client, small_edition, minister, organiser):
    invitation = invite(small_edition, minister, organiser)
    response = client.post(link(invitation), {"decline": "1"})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.DECLINED and invitation.answered_at
    page = client.get(link(invitation)).content.decode()
    assert "Vous avez décliné cette invitation." in page
    assert not Registration.objects.exists()


def test_the_category_quota_applies_to_guests(small_edition, minister, organiser):
    Category.objects.filter(pk=minister.pk).update(quota=1)
    first = invite(small_edition, minister, organiser, email="a@example.org")
    second = invite(small_edition, minister, organiser, email="b@example.org")
    assert invitations.accept(first, person(first)).status == Registration.Status.CONFIRMED
    assert invitations.accept(second, person(second)).status == Registration.Status.WAITING


def test_accompanying_persons_register_with_the_guest(client, small_edition, minister, organiser):
    invitation = invite(small_edition, minister, organiser, accompanying_allowed=2, vip=True)
    data = answer(invitation)
    data.update(
        {
            "members-TOTAL_FORMS": "2",
            "members-INITIAL_FORMS": "0",
            "members-0-first_name": "Awa",
            "members-0-last_name": "Ndiaye",
            "members-0-email": "awa@example.org",
            "members-0-language": "fr",
            "members-0-function": "Cheffe de cabinet",
            "members-1-language": "fr",
        }
    )
    assert client.post(link(invitation), data).status_code == 302
    guest = Invitation.objects.get().registration
    [member] = guest.delegation.members.exclude(pk=guest.pk)
    assert member.category == minister and member.status == Registration.Status.CONFIRMED
    assert invitations.is_vip(member) and invitations.is_vip(guest)


def test_more_accompanying_persons_than_allowed_is_refused(small_edition, minister, organiser):
    invitation = invite(small_edition, minister, organiser, accompanying_allowed=1)
    members = [
        {"first_name": "A", "last_name": "B", "email": f"m{n}@example.org", "language": "fr"}
        for n in range(2)
    ]
    with pytest.raises(RegistrationError, match="1"):
        invitations.accept(invitation, person(invitation), members=members)


@pytest.mark.django_db(transaction=True)
def test_reminders_go_at_their_intervals_until_an_answer(
    small_edition, minister, organiser, smtp_server, run_worker, settings
):
    settings.INVITATION_REMINDER_DAYS = [0, 0]  # due at once, for the test
    invitation = invite(small_edition, minister, organiser)
    done = invite(small_edition, minister, organiser, email="done@example.org")
    invitations.decline(done)
    run_worker()
    messages = smtp_server.wait_for(4)
    to_minister = [m["Subject"] for m in messages if m["To"] == "ministre@example.org"]
    assert sorted(to_minister)[:2] == [
        f"Rappel : votre invitation — {small_edition.title}",
        f"Rappel : votre invitation — {small_edition.title}",
    ]
    assert len(to_minister) == 3
    assert [m["Subject"] for m in messages if m["To"] == "done@example.org"] == [
        f"Votre invitation — {small_edition.title}"
    ]
    invitation.refresh_from_db()
    assert invitation.reminders_sent == 2
    assert re.search(r"/invitation/\S+/", messages[-1].get_body(("plain",)).get_content())


def test_a_guest_adds_no_more_accompanying_persons_later_than_allowed(
    small_edition, minister, organiser
):
    invitation = invite(small_edition, minister, organiser, accompanying_allowed=1)
    member = {"first_name": "A", "last_name": "B", "email": "m0@example.org", "language": "fr"}
    guest = invitations.accept(invitation, person(invitation), members=[member])
    with (
        translation.override("fr"),
        pytest.raises(RegistrationError, match="1 personne accompagnante"),
    ):
        registering.add_member(guest.delegation, {**member, "email": "m1@example.org"})
    assert guest.delegation.members.count() == 2


def test_the_list_counts_each_answer(admin_client, small_edition, minister, organiser):
    opened = invite(small_edition, minister, organiser, email="a@example.org")
    invitations.opened(opened)
    invitations.decline(invite(small_edition, minister, organiser, email="b@example.org"))
    invite(small_edition, minister, organiser, email="c@example.org")
    page = admin_client.get(
        f"/admin/registration/invitation/?edition__id__exact={small_edition.pk}"
    ).content.decode()
    assert "Déclinée (1)" in page and "Ouverte, pas encore de réponse (1)" in page
    assert "Sans réponse (2)" in page
