"""Permissions per organiser: a team member has, for an organiser's objects, the permissions
of its roles in that organiser's team (plus those given on the account itself).

An account in no team has the permissions given on the account itself (by a superuser) for
the default organiser only, as before teams existed: a single-organiser installation needs no
team, and someone removed from their last team keeps no role (team roles live on the team).

`user.has_perm(perm)` without an object stays Django's answer plus every team's roles (may
the user do this somewhere: menus, buttons); `user.has_perm(perm, obj)` answers for obj's
organiser only. Data is filtered by `scoping.scope`, which reads the same table.
"""

from django.contrib.auth.backends import BaseBackend, ModelBackend

from .models import Membership
from .sites import default_organiser


def team_permissions(user):
    """{organiser id: {"app.codename", …}} for the user's teams, read once per request."""
    cached = getattr(user, "_team_perms_cache", None)
    if cached is None:
        own = ModelBackend().get_all_permissions(user)
        cached = {}
        rows = Membership.objects.filter(user=user).values_list(
            "organiser_id",
            "roles__permissions__content_type__app_label",
            "roles__permissions__codename",
        )
        for organiser, app, codename in rows:
            perms = cached.setdefault(organiser, set(own))
            if codename:
                perms.add(f"{app}.{codename}")
        if not cached and own:
            default = default_organiser()
            if default is not None:
                cached[default.pk] = own
        user._team_perms_cache = cached
    return cached


class TeamBackend(BaseBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous:
            return set()
        teams = team_permissions(user_obj)
        if obj is None:
            return set().union(*teams.values())
        from .scoping import organiser_of

        organiser = organiser_of(obj)
        if organiser is None:
            # Shared objects (venues) and those of no organiser: what the account may do
            # anywhere.
            return self.get_all_permissions(user_obj)
        return teams.get(organiser, set())

    def has_perm(self, user_obj, perm, obj=None):
        return perm in self.get_all_permissions(user_obj, obj)
