"""Organisers invite team members by e-mail, change their roles and remove them."""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from rencontres.audit.models import ActivityLog
from rencontres.organisers.domain import team
from rencontres.organisers.models import Membership
from rencontres.testing.factories import OrganiserFactory, small_edition, team_member

pytestmark = pytest.mark.django_db
PASSWORD = "un-mot-de-passe-solide-42"


def log_in(browser, live_server, username, password):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto("/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Connexion").click()
    page.get_by_role("button", name="Déconnexion").wait_for()
    return page


@pytest.mark.browser
def test_an_organiser_invites_a_member_who_sets_a_password_then_changes_and_removes_them(
    browser, live_server, smtp_server, run_worker
):
    ours = OrganiserFactory(name_fr="Réseau des villes", name_en="Cities network")
    other = OrganiserFactory(name_fr="Autre réseau", name_en="Other network")
    edition = small_edition(organiser=ours)
    small_edition(organiser=other, theme_fr="Un thème d'un autre réseau")
    lead = team_member("lead", ours, "Organisateur complet")
    lead.set_password(PASSWORD)
    lead.save()
    page = log_in(browser, live_server, "lead", PASSWORD)

    page.goto("/admin/organisers/membership/add/")
    # Only the teams the lead manages are offered.
    assert page.locator("#id_organiser option").all_inner_texts()[1:] == [str(ours)]
    page.locator("#id_email").fill("Nouvelle.Membre@example.org")
    page.locator("#id_first_name").fill("Nouvelle")
    page.locator("#id_organiser").select_option(label=str(ours))
    page.get_by_label("Programme").check()
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.get_by_text("Une invitation a été envoyée").wait_for()

    run_worker()
    [mail] = smtp_server.wait_for(1)
    assert mail["To"] == "Nouvelle.Membre@example.org"
    assert "Réseau des villes" in mail["Subject"]
    text = mail.get_body(("plain",)).get_content()
    link = re.search(r"https?://\S+/admin/team/join/\S+/", text).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]

    newcomer = browser.new_context(base_url=live_server.url, locale="fr-FR").new_page()
    newcomer.goto("/" + path)
    newcomer.locator("#id_new_password1").fill(PASSWORD)
    newcomer.locator("#id_new_password2").fill(PASSWORD)
    newcomer.get_by_role("button", name="Modifier mon mot de passe").click()
    newcomer.get_by_role("button", name="Déconnexion").wait_for()
    # In the back-office with the Programme role, for its organiser's editions only.
    newcomer.goto("/admin/program/session/")
    assert edition.sessions.first().title in newcomer.content()
    newcomer.goto("/admin/editions/edition/")
    assert "Un thème d'un autre réseau" not in newcomer.content()
    assert str(edition.number) in newcomer.content()
    # The link works once.
    newcomer.goto("/" + path)
    assert newcomer.locator("#id_new_password1").count() == 0
    newcomer.context.close()

    membership = Membership.objects.get(user__email="Nouvelle.Membre@example.org")
    page.goto(f"/admin/organisers/membership/{membership.pk}/change/")
    page.get_by_label("Programme").uncheck()
    page.get_by_label("Rencontres B2B").check()
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.get_by_text("a été modifié").wait_for()
    assert [r.name for r in membership.roles.all()] == ["Rencontres B2B"]

    page.goto(f"/admin/organisers/membership/{membership.pk}/change/")
    page.get_by_role("button", name="Supprimer", exact=True).click()
    page.get_by_role("button", name="Oui, je suis sûr").click()
    page.get_by_text("a été supprimé").wait_for()
    assert not Membership.objects.filter(pk=membership.pk).exists()
    page.context.close()

    trail = ActivityLog.objects.filter(action__startswith="organisers.").order_by("pk")
    assert [(e.action, e.actor, e.data["organiser"]) for e in trail] == [
        ("organisers.invite", lead, ours.pk),
        ("organisers.change_roles", lead, ours.pk),
        ("organisers.remove", lead, ours.pk),
    ]
    assert trail[1].data["before"] == ["Programme"] and trail[1].data["after"] == ["Rencontres B2B"]


def test_a_team_is_managed_only_by_its_own_organisers_full_role(client):
    ours, other = OrganiserFactory(), OrganiserFactory(name_fr="Autre", name_en="Other")
    lead = team_member("lead", ours, "Organisateur complet")
    theirs = team_member("theirs", other, "Programme")
    reader = team_member("reader", ours, "Lecture seule")
    add = reverse("admin:organisers_membership_add")

    client.force_login(lead)
    response = client.post(
        add, {"email": "x@example.org", "organiser": other.pk, "roles": []}, follow=True
    )
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not User.objects.filter(email="x@example.org").exists()
    listing = client.get(reverse("admin:organisers_membership_changelist")).content.decode()
    assert "reader@example.org" in listing and "theirs@example.org" not in listing
    foreign = theirs.memberships.get()
    url = reverse("admin:organisers_membership_change", args=[foreign.pk])
    assert client.get(url).status_code == 302  # Django's "does not exist"
    assert (
        client.post(
            reverse("admin:organisers_membership_delete", args=[foreign.pk]), {"post": "yes"}
        ).status_code
        == 302
    )
    assert Membership.objects.filter(pk=foreign.pk).exists()

    client.force_login(reader)
    assert client.get(reverse("admin:organisers_membership_changelist")).status_code == 200
    assert client.get(add).status_code == 403


def test_inviting_someone_already_in_the_team_says_so_and_changes_nothing(client):
    ours = OrganiserFactory()
    lead = team_member("lead", ours, "Organisateur complet")
    client.force_login(lead)
    response = client.post(
        reverse("admin:organisers_membership_add"),
        {"email": "LEAD@example.org", "organiser": ours.pk, "roles": []},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["email"]
    with pytest.raises(team.TeamError):
        team.invite(lead, ours, "lead@example.org", [])
    assert ActivityLog.objects.filter(action="organisers.invite").count() == 0


@pytest.mark.django_db(transaction=True)
def test_an_existing_account_joining_a_second_team_gets_no_password_link(smtp_server, run_worker):
    ours, other = OrganiserFactory(), OrganiserFactory(name_fr="Autre", name_en="Other")
    member = team_member("member", ours, "Programme")
    member.set_password(PASSWORD)
    member.save()
    team.invite(None, other, "member@example.org", [Group.objects.get(name="Lecture seule")])
    run_worker()
    [mail] = smtp_server.wait_for(1)
    text = mail.get_body(("plain",)).get_content()
    assert "/admin/team/join/" not in text and "/admin/" in text
    member.refresh_from_db()
    assert member.check_password(PASSWORD)
    assert set(member.memberships.values_list("organiser", flat=True)) == {ours.pk, other.pk}


def test_roles_hold_per_organiser(client):
    """Programme in one team, read-only in the other: a session of the second cannot be
    changed, one of the first can."""
    ours, other = OrganiserFactory(), OrganiserFactory(name_fr="Autre", name_en="Other")
    mine, theirs = small_edition(organiser=ours), small_edition(organiser=other)
    user = team_member("both", ours, "Programme")
    team_member("both", other, "Lecture seule")
    session_mine, session_theirs = mine.sessions.first(), theirs.sessions.first()
    assert user.has_perm("program.change_session", session_mine)
    assert not user.has_perm("program.change_session", session_theirs)
    assert User.objects.get(pk=user.pk).has_perm("program.view_session", session_theirs)
    client.force_login(user)
    change = reverse("admin:program_session_change", args=[session_theirs.pk])
    page = client.get(change)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert (
        'name="_save"'
        in client.get(
            reverse("admin:program_session_change", args=[session_mine.pk])
        ).content.decode()
    )
    # The trail of each organiser's team changes is its own.
    team.change_roles(None, user.memberships.get(organiser=other), [])
    team.change_roles(None, user.memberships.get(organiser=ours), [])
    client.force_login(team_member("reader", ours, "Lecture seule"))
    response = client.get(reverse("admin:audit_activitylog_changelist"))
    seen = [e.data["organiser"] for e in response.context["cl"].result_list]
    assert seen == [ours.pk]
