"""The one scoping rule: a staff account sees and changes only its organisers' data.

Every back-office list, action, custom page, export and download goes through here, and so
must the API and webhooks:

    from rencontres.organisers.scoping import editions_for, for_organisers, organiser_of, scope

    scope(Registration.objects.all(), user)                    # rows of the user's organisers
    scope(Registration.objects.all(), user, "registration.export_registration")
                                        # only organisers where the user has that permission
    editions_for(user)                                         # Edition queryset, same rule
    user.has_perm("registration.change_registration", obj)     # the role for obj's organiser
    for_organisers(Registration.objects.all(), {organiser.pk})  # no user: an API token's
    organiser_of(obj)                                          # whose an object is

Superusers see everything. A model reaches its organiser through the shortest chain of
foreign keys to `editions.Edition` or `editions.Organiser` (non-null ones first), found once;
`RULES` below declares the models whose chain is not the right one, those shared by every
organiser, and those no organiser sees. A model with no chain and no rule is seen by
superusers only, so that a new model never leaks by default.
"""

import functools
from collections import deque

from django.apps import apps
from django.db.models import Q

SHARED = "shared"  # places and taxonomies every organiser uses (no personal data)

# label → path to the organiser ("edition__organiser"), SHARED, or a Rule.
RULES = {
    "editions.Organiser": "pk",
    # Venues are public places that editions of several organisers may share.
    "editions.Venue": SHARED,
    "editions.AccessRoute": SHARED,
    # The B2B themes are one list for the platform.
    "networking.Theme": SHARED,
    # Accounts and role definitions: no role may see or change them (superusers manage
    # them); organisers manage their teams through organisers.Membership.
    "auth.User": SHARED,
    "auth.Group": SHARED,
    # Staff accounts' authenticators, as the accounts themselves (rencontres.accounts).
    "otp_totp.TOTPDevice": SHARED,
    # The consents' texts and their versions: one wording for the platform.
    "privacy.ConsentText": SHARED,
    # Remembered column mappings of spreadsheet sources: headers and field names only.
    "imports.ColumnMapping": SHARED,
}


class Rule:
    """A rule that no single path expresses: `q(ids)` filters rows of organisers `ids`,
    `organiser_id(obj)` says whose an object is."""

    def __init__(self, q, organiser_id):
        self.q = q
        self.organiser_id = organiser_id


def _activity_organiser(entry):
    if entry.edition_id:
        return entry.edition.organiser_id
    return (entry.data or {}).get("organiser")


# The trail: an edition's entries, and team changes (no edition) by their organiser.
RULES["audit.ActivityLog"] = Rule(
    lambda ids: Q(edition__organiser__in=ids) | Q(edition=None, data__organiser__in=ids),
    _activity_organiser,
)


@functools.cache
def rule_for(model):
    """The model's path to its organiser (a string), SHARED, a Rule, or None (no organiser
    reaches it: superusers only)."""
    model = model._meta.concrete_model
    declared = RULES.get(model._meta.label)
    if declared is not None:
        return declared
    return _derived_path(model, nullable=False) or _derived_path(model, nullable=True)


def _derived_path(model, nullable):
    edition = apps.get_model("editions", "Edition")
    organiser = apps.get_model("editions", "Organiser")
    queue = deque([(model, [])])
    seen = {model}
    while queue:
        current, path = queue.popleft()
        if current is organiser:
            return "__".join(path) or "pk"
        if current is edition:
            return "__".join([*path, "organiser"])
        if len(path) >= 4:
            continue
        for field in current._meta.concrete_fields:
            target = field.related_model
            if not field.many_to_one and not field.one_to_one or target in seen:
                continue
            if field.null and not nullable:
                continue
            if target._meta.app_label in ("auth", "contenttypes"):
                continue
            seen.add(target)
            queue.append((target, [*path, field.name]))
    return None


def is_scoped(model):
    """Whether rows of this model belong to an organiser (lists and choices are filtered)."""
    rule = rule_for(model)
    return rule is not None and rule != SHARED


def organiser_ids(user, perm=None):
    """Ids of the organisers whose team the user is in (with `perm` there, if given; a tuple
    of permissions: any of them), or None for a superuser (all of them)."""
    if user.is_active and user.is_superuser:
        return None
    if not user.is_authenticated or not user.is_active:
        return set()
    from .backends import team_permissions

    wanted = (perm,) if isinstance(perm, str) else perm
    return {
        organiser
        for organiser, perms in team_permissions(user).items()
        if wanted is None or any(p in perms for p in wanted)
    }


def scope(queryset, user, perm=None):
    """The rows of `queryset` that `user` may see: its organisers' (those where it has
    `perm`, if given, or one of a tuple of permissions); all for superusers; shared models
    unfiltered."""
    if rule_for(queryset.model) == SHARED:
        return queryset
    ids = organiser_ids(user, perm)
    return queryset if ids is None else for_organisers(queryset, ids)


def for_organisers(queryset, ids):
    """The rows of `queryset` belonging to the organisers `ids` (an API token's organiser,
    a webhook's): the same rule without a user."""
    rule = rule_for(queryset.model)
    if rule == SHARED:
        return queryset
    if rule is None:
        return queryset.none()
    if isinstance(rule, Rule):
        return queryset.filter(rule.q(ids))
    return queryset.filter(**{f"{rule}__in": ids})


def editions_for(user, perm=None):
    from rencontres.editions.models import Edition

    return scope(Edition.objects.all(), user, perm)


def scoped(model, user, perm=None):
    """`scope` on the model's default manager."""
    return scope(model._default_manager.all(), user, perm)


def organiser_of(obj):
    """The id of the organiser an object belongs to, or None (shared or unreachable)."""
    rule = rule_for(type(obj))
    if rule is None or rule == SHARED:
        return None
    if isinstance(rule, Rule):
        return rule.organiser_id(obj)
    if rule == "pk":
        return obj.pk
    *steps, last = rule.split("__")
    for step in steps:
        obj = getattr(obj, step, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id")


def model_for(parameter, home_app=None):
    """The model a URL parameter `<x>_id` names: in `home_app`, the model called x or else the
    one whose name ends with x (`run_id` → ScheduleRun, `document_id` → SpeakerDocument in
    program); otherwise the model called x elsewhere."""
    name = parameter.removesuffix("_id").replace("_", "")
    if home_app:
        own = list(apps.get_app_config(home_app).get_models())
        for candidates in (
            [m for m in own if m._meta.model_name == name],
            [m for m in own if m._meta.model_name.endswith(name)],
        ):
            if len(candidates) == 1:
                return candidates[0]
    exact = [m for m in apps.get_models() if m._meta.model_name == name]
    exact.sort(key=lambda m: not is_scoped(m))
    if exact:
        return exact[0]
    return None
