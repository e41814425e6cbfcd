"""Whom a participant should meet, and why, in words.

`recommend` is a pure function over `Card`s so that it is tested without a database;
`recommendations_for` feeds it an edition's opted-in profiles.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

# Weights: a complementary offer/need is what B2B meetings are for; an existing cooperation
# between a French authority and a delegation's country comes next; shared interests last.
COMPLEMENT = 3
COOPERATION = 4
SHARED_THEME = 1
SHARED_LANGUAGE = 1


@dataclass(frozen=True)
class Card:
    """What recommendations need to know about one opted-in participant."""

    id: int
    organisation: str = ""
    country: str = ""
    delegation: int | None = None
    themes: frozenset = field(default_factory=frozenset)
    offers: frozenset = field(default_factory=frozenset)
    seeks: frozenset = field(default_factory=frozenset)
    languages: frozenset = field(default_factory=frozenset)
    cooperating: frozenset = field(default_factory=frozenset)

    @property
    def organisation_key(self):
        return " ".join(self.organisation.casefold().split())


def same_side(me, other):
    """Colleagues: same person, same organisation or same delegation."""
    return (
        me.id == other.id
        or (me.organisation_key and me.organisation_key == other.organisation_key)
        or (me.delegation is not None and me.delegation == other.delegation)
    )


def score(me, other):
    """(points, reasons) where reasons are (kind, value) pairs, most telling first."""
    reasons = []
    points = 0
    for theme in sorted(other.offers & me.seeks):
        reasons.append(("offers", theme))
        points += COMPLEMENT
    for theme in sorted(other.seeks & me.offers):
        reasons.append(("seeks", theme))
        points += COMPLEMENT
    if me.country and other.country and me.country != other.country:
        if me.country in other.cooperating:
            reasons.append(("country", me.country))
            points += COOPERATION
        elif other.country in me.cooperating:
            reasons.append(("country", other.country))
            points += COOPERATION
    for theme in sorted(me.themes & other.themes):
        reasons.append(("theme", theme))
        points += SHARED_THEME
    if not reasons:
        return 0, []  # a shared language alone is no reason to meet
    shared = sorted(me.languages & other.languages)
    if shared:
        reasons.append(("language", shared[0]))
        points += SHARED_LANGUAGE
    return points, reasons


def recommend(me, others, limit=10, exclude=()):
    """The best `limit` (card, points, reasons), never a colleague nor anyone in `exclude`."""
    scored = []
    for other in others:
        if other.id in exclude or same_side(me, other):
            continue
        points, reasons = score(me, other)
        if points:
            scored.append((other, points, reasons))
    scored.sort(key=lambda item: (-item[1], item[0].id))
    return scored[:limit]


def describe(reasons, theme_names, country_names, language_names):
    """'theme: water; country: Cameroon', in the active language."""
    labels = {
        "offers": _("offers what you seek: %(value)s"),
        "seeks": _("seeks what you offer: %(value)s"),
        "country": _("country: %(value)s"),
        "theme": _("theme: %(value)s"),
        "language": _("language: %(value)s"),
    }
    names = {
        "offers": theme_names,
        "seeks": theme_names,
        "theme": theme_names,
        "country": country_names,
        "language": language_names,
    }
    return "; ".join(
        labels[kind] % {"value": names[kind].get(value, value)} for kind, value in reasons
    )


def card_of(profile):
    registration = profile.registration
    return Card(
        id=registration.pk,
        organisation=registration.organisation or "",
        country=str(registration.country or ""),
        delegation=registration.delegation_id,
        themes=frozenset(t.slug for t in profile.themes.all()),
        offers=frozenset(t.slug for t in profile.offers.all()),
        seeks=frozenset(t.slug for t in profile.seeks.all()),
        languages=frozenset(profile.language_codes),
        cooperating=frozenset(str(c) for c in profile.cooperating_countries),
    )


def recommendations_for(registration, limit=10):
    """[(profile, reasons in words)] for a participant with an opted-in profile."""
    from django_countries import countries

    from ..models import SPOKEN_LANGUAGE_NAMES, MeetingRequest, Profile, Theme

    profiles = {
        p.registration_id: p
        for p in Profile.objects.listed(registration.edition)
        .select_related("registration")
        .prefetch_related("themes", "offers", "seeks")
    }
    mine = profiles.get(registration.pk)
    if mine is None:
        return []
    open_requests = MeetingRequest.objects.filter(
        edition=registration.edition,
        status__in=[MeetingRequest.Status.PENDING, MeetingRequest.Status.ACCEPTED],
    )
    already = set()
    for request in open_requests.filter(party_a=registration).prefetch_related("party_b"):
        already.update(p.pk for p in request.party_b.all())
    for request in open_requests.filter(party_b=registration).prefetch_related("party_a"):
        already.update(p.pk for p in request.party_a.all())
    cards = {pk: card_of(p) for pk, p in profiles.items()}
    theme_names = {t.slug: t.name for t in Theme.objects.all()}
    country_names = dict(countries)
    language_names = {code: str(name) for code, name in SPOKEN_LANGUAGE_NAMES.items()}
    return [
        (profiles[card.id], describe(reasons, theme_names, country_names, language_names))
        for card, _points, reasons in recommend(
            cards[registration.pk], cards.values(), limit, exclude=already
        )
    ]
