"""Likely duplicates (same address, same name and organisation, same phone) and the merge of
two registrations of the same person into one.

The merge moves every row that points to the registration it removes, found through the
models' meta (foreign keys, one-to-ones, many-to-many tables and generic relations such as
the audit trail): an app added later is covered without changing this file. A row that
would break a unique constraint once moved (both signed up to the same session, both ranked
the same Café) means the kept registration already has it: that copy is dropped and named
in the audit entry.
"""

import itertools
import re
import unicodedata
from collections import defaultdict

from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils.translation import gettext as _

from rencontres.audit.log import record

from ..models import Registration
from . import RegistrationError
from .decisions import change_category
from .places import lock_edition
from .registering import _promote_and_tell

# The fields an organiser chooses between, in the order of the side-by-side page.
MERGE_FIELDS = [
    "civility",
    "first_name",
    "last_name",
    "email",
    "phone",
    "language",
    "organisation",
    "organisation_type",
    "function",
    "country",
    "city",
    "category",
    "languages_spoken",
    "accessibility_needs",
    "dietary_needs",
    "data_consent",
    "image_consent",
    "directory_consent",
    "exhibitor_consent",
]

# Best first: the merged registration keeps the better of the two places.
STATUS_ORDER = [
    Registration.Status.CONFIRMED,
    Registration.Status.PENDING_APPROVAL,
    Registration.Status.WAITING,
    Registration.Status.PENDING_EMAIL,
    Registration.Status.CANCELLED,
    Registration.Status.REFUSED,
]


def _plain(text):
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def name_key(first_name, last_name, organisation):
    """Accents, case and word order ignored: 'Diallo Amina, Commune de Thiès' and 'amina
    DIALLO, commune de thies' are the same. None without a name and an organisation."""
    name = sorted(re.findall(r"\w+", _plain(f"{first_name} {last_name}")))
    org = sorted(re.findall(r"\w+", _plain(organisation)))
    if not name or not org:
        return None
    return " ".join(name) + "|" + " ".join(org)


def phone_key(phone):
    """Digits only, an international 00 prefix as +, a French national 0X… as +33X…; None
    when too short to tell anyone apart."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("00"):
        digits = digits[2:]
    elif len(digits) == 10 and digits.startswith("0"):
        digits = "33" + digits[1:]
    return digits if len(digits) >= 8 else None


def keys(person):
    """(kind, key) pairs of a registration or of a dict of its fields."""
    get = person.get if isinstance(person, dict) else lambda name: getattr(person, name, "")
    found = []
    if get("email"):
        found.append(("email", get("email").strip().lower()))
    if key := name_key(get("first_name"), get("last_name"), get("organisation")):
        found.append(("name", key))
    if key := phone_key(get("phone")):
        found.append(("phone", key))
    return found


def reason_label(kind):
    return {
        "email": _("same e-mail address"),
        "name": _("same name and organisation"),
        "phone": _("same phone number"),
    }[kind]


class Index:
    """Registrations by key, to find who a person (or a row of a file) may duplicate."""

    def __init__(self, registrations):
        self.by_key = defaultdict(list)
        for registration in registrations:
            for key in keys(registration):
                self.by_key[key].append(registration)

    def matches(self, person):
        """{registration: [kinds]} for those sharing a key with `person`."""
        found = defaultdict(list)
        for kind, key in keys(person):
            for registration in self.by_key.get((kind, key), ()):
                found[registration].append(kind)
        return found


def index_for(edition=None, *, exclude_edition=None):
    registrations = Registration.objects.select_related("edition", "category").only(
        "pk",
        "email",
        "first_name",
        "last_name",
        "organisation",
        "phone",
        "status",
        "edition__number",
        "category__name",
        "edition_id",
        "category_id",
    )
    if edition is not None:
        registrations = registrations.filter(edition=edition).live()
    if exclude_edition is not None:
        registrations = registrations.exclude(edition=exclude_edition)
    return Index(registrations)


def pairs(edition):
    """Likely duplicates among the live registrations of the edition: (a, b, kinds), older
    registration first."""
    index = index_for(edition)
    found = defaultdict(set)
    for (kind, _key), group in index.by_key.items():
        for a, b in itertools.combinations(sorted(group, key=lambda r: r.pk), 2):
            found[(a, b)].add(kind)
    return [
        (a, b, sorted(kinds)) for (a, b), kinds in sorted(found.items(), key=lambda i: i[0][0].pk)
    ]


def other_editions(edition):
    """Live registrations of the edition that match someone of another edition:
    (registration, [(earlier registration, kinds)]), so that organisers see who came before."""
    index = index_for(exclude_edition=edition)
    result = []
    for registration in Registration.objects.filter(edition=edition).live():
        matches = index.matches(registration)
        if matches:
            result.append((registration, sorted(matches.items(), key=lambda m: -m[0].pk)))
    return result


def _references(model):
    """(model, field name) of every concrete relation to `model`, hidden ones included (the
    tables behind many-to-many fields)."""
    for field in model._meta.get_fields(include_hidden=True):
        reverse = field.is_relation and field.auto_created and not field.concrete
        if reverse and (field.one_to_many or field.one_to_one):
            yield field.related_model, field.field.name


def _unique_sets(model, field_name):
    """Each unique constraint of `model` that includes `field_name`: (field names, condition)."""
    sets = []
    field = model._meta.get_field(field_name)
    if field.one_to_one or field.unique:
        sets.append(((field_name,), None))
    for together in model._meta.unique_together:
        if field_name in together:
            sets.append((tuple(together), None))
    for constraint in model._meta.constraints:
        names = getattr(constraint, "fields", ())
        if isinstance(constraint, models.UniqueConstraint) and field_name in names:
            sets.append((tuple(names), constraint.condition))
    return sets


def _move(model, field_name, other, keep):
    """Point the rows of `other` at `keep`; those that would collide with one of `keep` are
    deleted. Returns (moved, dropped) counts."""
    manager = model._base_manager
    rows = manager.filter(**{field_name: other})
    dropped = 0
    for names, condition in _unique_sets(model, field_name):
        rest = [n for n in names if n != field_name]
        kept = manager.filter(**{field_name: keep})
        mine = rows
        if condition is not None:
            kept, mine = kept.filter(condition), mine.filter(condition)
        if not rest:
            if kept.exists():
                dropped += mine.count()
                mine.delete()
            continue
        taken = {tuple(v) for v in kept.values_list(*rest)}
        clashing = [pk for pk, *values in mine.values_list("pk", *rest) if tuple(values) in taken]
        if clashing:
            dropped += len(clashing)
            manager.filter(pk__in=clashing).delete()
    moved = manager.filter(**{field_name: other}).update(**{field_name: keep})
    return moved, dropped


def _move_generic(other, keep):
    """Rows that name the registration through a content type and an id (the audit trail)."""
    content_type = ContentType.objects.get_for_model(Registration)
    moved = 0
    for model in apps.get_models():
        for field in model._meta.private_fields:
            if isinstance(field, GenericForeignKey):
                moved += model._base_manager.filter(
                    **{field.ct_field: content_type, field.fk_field: str(other.pk)}
                ).update(**{field.fk_field: str(keep.pk)})
    return moved


@transaction.atomic
def merge(keep, other, *, take_from_other=(), actor=None):
    """Merge `other` into `keep` (same edition): `take_from_other` names the fields whose
    value comes from `other`; every row of both stays with `keep`; `other` is deleted. The
    result holds the better of their two places; a place freed goes to the waiting list."""
    if keep.pk == other.pk or keep.edition_id != other.edition_id:
        raise RegistrationError(_("Only two registrations of the same edition can be merged."))
    unknown = set(take_from_other) - set(MERGE_FIELDS)
    if unknown:
        raise RegistrationError(_("These fields cannot be merged: %s") % ", ".join(sorted(unknown)))
    edition = lock_edition(keep.edition_id)
    keep = Registration.objects.select_related("category").get(pk=keep.pk)
    other = Registration.objects.select_related("category").get(pk=other.pk)
    before = {"kept": str(keep), "removed": str(other), "removed_reference": other.reference}

    moved, dropped = {}, {}
    for model, field_name in _references(Registration):
        if model is Registration:
            continue
        count, lost = _move(model, field_name, other, keep)
        label = f"{model._meta.label}.{field_name}"
        if count:
            moved[label] = count
        if lost:
            dropped[label] = lost
    if generic := _move_generic(other, keep):
        moved["generic"] = generic

    values = {name: getattr(other, name) for name in take_from_other if name != "category"}
    category = other.category if "category" in take_from_other else None
    best = min(keep, other, key=lambda r: STATUS_ORDER.index(r.status))
    keep.status = best.status
    keep.waiting_since = best.waiting_since
    keep.over_limit = best.over_limit
    confirmed = [r.email_confirmed_at for r in (keep, other) if r.email_confirmed_at]
    keep.email_confirmed_at = min(confirmed) if confirmed else None
    keep.answers = {**other.answers, **keep.answers}
    keep.delegation_id = keep.delegation_id or other.delegation_id
    other.delete()
    for name, value in values.items():
        setattr(keep, name, value)
    keep.save()
    record(
        actor,
        "registration.merge",
        target=keep,
        edition=edition,
        fields=sorted(take_from_other),
        moved=moved,
        dropped=dropped,
        **before,
    )
    if category is not None and category.pk != keep.category_id:
        change_category(keep, category, actor)
    _promote_and_tell(edition)
    return Registration.objects.get(pk=keep.pk)
