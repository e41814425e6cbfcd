"""The one scoping rule: how each model reaches its organiser, and who is in which scope."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission, User

from rencontres.editions.models import Edition
from rencontres.organisers import scoping
from rencontres.organisers.domain import team
from rencontres.organisers.models import PublicSite
from rencontres.program.models import Session
from rencontres.registration.models import VisaRequest
from rencontres.testing.factories import OrganiserFactory, small_edition, team_member

pytestmark = pytest.mark.django_db


def test_every_model_of_the_platform_reaches_an_organiser_or_is_declared():
    """A new model with no chain of foreign keys to an edition is seen by superusers only:
    declare it in scoping.RULES (SHARED, or its path) if organisers should see it."""
    missing = [
        model._meta.label
        for model in apps.get_models()
        if model.__module__.startswith("rencontres.")
        and model._meta.managed
        and scoping.rule_for(model) is None
    ]
    assert not missing, f"Declare these in rencontres/organisers/scoping.py RULES: {missing}"
    assert scoping.rule_for(VisaRequest) == "registration__edition__organiser"
    assert scoping.rule_for(Edition) == "organiser"


def test_scope_follows_teams_and_permissions():
    ours, other = OrganiserFactory(), OrganiserFactory(name_fr="Autre", name_en="Other")
    mine, theirs = small_edition(organiser=ours), small_edition(organiser=other)
    user = team_member("both", ours, "Programme")
    team_member("both", other, "Lecture seule")
    sessions = Session.objects.all()
    assert set(scoping.scope(sessions, user).values_list("edition", flat=True)) == {
        mine.pk,
        theirs.pk,
    }
    changeable = scoping.scope(sessions, user, "program.change_session")
    assert set(changeable.values_list("edition", flat=True)) == {mine.pk}
    either = scoping.organiser_ids(user, ("program.change_session", "nosuch.perm"))
    assert either == {ours.pk}
    assert list(scoping.editions_for(user, "program.run_cafes")) == [mine]
    # Without a user (an API token's organiser), the same rule.
    tokens = scoping.for_organisers(sessions, {other.pk})
    assert set(tokens.values_list("edition", flat=True)) == {theirs.pk}
    assert scoping.organiser_of(tokens.first()) == other.pk
    boss = User.objects.create_superuser("boss", "boss@example.org", "x")
    assert scoping.scope(sessions, boss).count() == sessions.count()
    nobody = User.objects.create_user("nobody", is_staff=True)
    assert not scoping.scope(sessions, nobody).exists()


def test_an_account_in_no_team_keeps_its_own_roles_for_the_default_organiser_only():
    first, second = OrganiserFactory(), OrganiserFactory(name_fr="Second", name_en="Second")
    small_edition(organiser=first)
    theirs = small_edition(organiser=second)
    old = User.objects.create_user("old", is_staff=True)
    old.user_permissions.add(
        Permission.objects.get(codename="view_session", content_type__app_label="program")
    )
    assert set(scoping.editions_for(old).values_list("organiser", flat=True)) == {first.pk}
    PublicSite.objects.create(organiser=second, is_default=True)
    old = User.objects.get(pk=old.pk)
    assert list(scoping.editions_for(old)) == [theirs]
    # Invited to a team then removed from it: the team's roles go with the team.
    invited = team_member("invited", first, "Programme")
    team.remove(None, invited.memberships.get())
    invited = User.objects.get(pk=invited.pk)
    assert not invited.has_perm("program.view_session")
    assert not scoping.editions_for(invited).exists()
