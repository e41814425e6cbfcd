"""Cafés des Rencontres: ranked choices, an assignment that maximises satisfaction, publication.

The assignment is a min-cost flow (OR-Tools): each participant who ranked cafés is one unit
of flow; an arc to a ranked café costs more the lower the rank (convex, so that giving two
people their second choice beats giving one their first and the other their third); an arc
to any café with places left costs more still, and staying unplaced costs most. The cafés'
places bound the arcs to the sink, so no table is ever over capacity.

A café that overlaps one of the person's published B2B meetings (the agenda's busy sources)
gets no arc from that person: someone whose three cafés all clash stays out of the flow and
is reported to the organisers with the reason.
"""

import logging
from collections import Counter

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rencontres.registration.models import Registration

from ..agenda import busy_items
from ..models import Attendance, CafeChoice, CafePlacement, CafeRound, Session
from .signup import SignupError, _when

logger = logging.getLogger(__name__)

CHOICES = 3
RANK_COST = {1: 0, 2: 2, 3: 5}
ANY_CAFE_COST = 20
UNPLACED_COST = 1000


def choose(registration, cafe_round, session_ids, *, now=None):
    """Record a participant's three cafés, first choice first (replacing earlier choices)."""
    now = now or timezone.now()
    if registration.edition_id != cafe_round.edition_id:
        raise SignupError(_("These cafés belong to another edition."))
    if registration.status != Registration.Status.CONFIRMED:
        raise SignupError(_("Your registration must be confirmed before you choose cafés."))
    if not cafe_round.choices_are_open(now):
        raise SignupError(_("The choice of cafés is closed."))
    session_ids = [int(pk) for pk in session_ids]
    if len(session_ids) != CHOICES or len(set(session_ids)) != CHOICES:
        raise SignupError(_("Choose three different cafés."))
    cafes = set(cafe_round.cafes().filter(pk__in=session_ids).values_list("pk", flat=True))
    if cafes != set(session_ids):
        raise SignupError(_("Choose among the cafés of this edition."))
    with transaction.atomic():
        CafeChoice.objects.filter(cafe_round=cafe_round, registration=registration).delete()
        CafeChoice.objects.bulk_create(
            CafeChoice(cafe_round=cafe_round, registration=registration, session_id=pk, rank=rank)
            for rank, pk in enumerate(session_ids, start=1)
        )
    logger.info("registration %s ranked cafés %s", registration.pk, session_ids)


def solve(people, capacities, excluded=None):
    """people: {person: [café, …] in order of preference}; capacities: {café: places or None};
    excluded: {person: {café, …}} the person must not be put in (busy at that time).

    Returns {person: (café, rank or None)} for everyone placed; people left without a café
    (only when places run out) are absent.
    """
    from ortools.graph.python import min_cost_flow

    flow = min_cost_flow.SimpleMinCostFlow()
    persons = list(people)
    cafes = list(capacities)
    total = len(persons)
    # Nodes: 0 source, 1 sink, 2 "any café", then people, then cafés.
    source, sink, anywhere = 0, 1, 2
    person_node = {p: 3 + i for i, p in enumerate(persons)}
    cafe_node = {c: 3 + total + i for i, c in enumerate(cafes)}
    excluded = excluded or {}
    arcs = {}
    for person in persons:
        node = person_node[person]
        busy = excluded.get(person, set())
        flow.add_arc_with_capacity_and_unit_cost(source, node, 1, 0)
        for rank, cafe in enumerate(people[person], start=1):
            if cafe in cafe_node and cafe not in busy:
                arc = flow.add_arc_with_capacity_and_unit_cost(
                    node, cafe_node[cafe], 1, RANK_COST[rank]
                )
                arcs[arc] = (person, cafe, rank)
        if busy:
            # The shared pool could hand out a café they are busy in: direct arcs instead.
            for cafe in cafes:
                if cafe not in busy and cafe not in people[person]:
                    arc = flow.add_arc_with_capacity_and_unit_cost(
                        node, cafe_node[cafe], 1, ANY_CAFE_COST
                    )
                    arcs[arc] = (person, cafe, None)
        else:
            arc = flow.add_arc_with_capacity_and_unit_cost(node, anywhere, 1, ANY_CAFE_COST)
            arcs[arc] = (person, None, None)
        flow.add_arc_with_capacity_and_unit_cost(node, sink, 1, UNPLACED_COST)
    anywhere_arcs = {}
    for cafe in cafes:
        places = capacities[cafe]
        places = total if places is None else min(places, total)
        anywhere_arcs[
            flow.add_arc_with_capacity_and_unit_cost(anywhere, cafe_node[cafe], total, 0)
        ] = cafe
        flow.add_arc_with_capacity_and_unit_cost(cafe_node[cafe], sink, places, 0)
    flow.set_node_supply(source, total)
    flow.set_node_supply(sink, -total)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min cost flow failed: {status}")
    result, to_anywhere = {}, []
    for arc, (person, cafe, rank) in arcs.items():
        if flow.flow(arc):
            if cafe is None:
                to_anywhere.append(person)
            else:
                result[person] = (cafe, rank)
    # The flow through "any café" is a pool: hand its places out café by café.
    pool = []
    for arc, cafe in anywhere_arcs.items():
        pool += [cafe] * flow.flow(arc)
    for person, cafe in zip(to_anywhere, pool, strict=True):
        result[person] = (cafe, None)
    return result


def clashes(registration, cafes):
    """{café pk: busy item} for the cafés that overlap the person's published B2B meetings.

    Raises whatever a busy source raises: the caller cannot tell whether the time is free.
    """
    if not cafes:
        return {}
    items = busy_items(registration, min(c.start for c in cafes), max(c.end for c in cafes))
    found = {}
    for cafe in cafes:
        item = next((i for i in items if i.start < cafe.end and i.end > cafe.start), None)
        if item:
            found[cafe.pk] = item
    return found


def _confirmed_choices(cafe_round):
    """{registration id: [café id, …] first choice first} of confirmed participants."""
    people = {}
    choices = CafeChoice.objects.filter(
        cafe_round=cafe_round, registration__status=Registration.Status.CONFIRMED
    ).order_by("registration_id", "rank")
    for choice in choices:
        people.setdefault(choice.registration_id, []).append(choice.session_id)
    return people


def _busy_cafes(people, cafes):
    """{registration id: {café id, …}} the person has a published meeting during."""
    registrations = Registration.objects.in_bulk(people)
    try:
        found = {pk: set(clashes(registrations[pk], cafes)) for pk in people}
    except Exception:
        logger.exception("busy sources failed during the cafés assignment")
        raise SignupError(
            _(
                "The participants' B2B meetings could not be checked, so the assignment was "
                "not run. Please try again in a moment."
            )
        ) from None
    return {pk: busy for pk, busy in found.items() if busy}


def run_assignment(cafe_round):
    """Place everyone who ranked cafés, never in a café that overlaps one of their published
    B2B meetings; replaces the previous (unpublished) placements."""
    with transaction.atomic():
        cafe_round = CafeRound.objects.select_for_update().get(pk=cafe_round.pk)
        if cafe_round.published_at:
            raise SignupError(_("The assignment is published: it can no longer be run again."))
        people = _confirmed_choices(cafe_round)
        cafes = list(cafe_round.cafes().select_related("room"))
        capacities = {cafe.pk: cafe.places for cafe in cafes}
        excluded = _busy_cafes(people, cafes)
        # All three choices clash: left out and reported (see not_placed), not sent elsewhere.
        people = {
            pk: ranked
            for pk, ranked in people.items()
            if not set(ranked) <= excluded.get(pk, set())
        }
        result = solve(people, capacities, excluded)
        CafePlacement.objects.filter(cafe_round=cafe_round).delete()
        CafePlacement.objects.bulk_create(
            CafePlacement(cafe_round=cafe_round, registration_id=person, session_id=cafe, rank=rank)
            for person, (cafe, rank) in result.items()
        )
        cafe_round.assigned_at = timezone.now()
        cafe_round.save(update_fields=["assigned_at"])
    logger.info("cafés of edition %s assigned: %s placed", cafe_round.edition_id, len(result))
    return summary(cafe_round)


def summary(cafe_round):
    """How many got their first, second, third choice, another café, or no café."""
    ranks = Counter(cafe_round.placements.values_list("rank", flat=True))
    ranked = cafe_round.choices.values("registration").distinct().count()
    placed = sum(ranks.values())
    return {
        "first": ranks.get(1, 0),
        "second": ranks.get(2, 0),
        "third": ranks.get(3, 0),
        "other": ranks.get(None, 0),
        "unplaced": max(ranked - placed, 0),
        "ranked": ranked,
        "not_placed": not_placed(cafe_round),
    }


def not_placed(cafe_round):
    """[(registration, reason)] for the confirmed participants who ranked cafés and have none,
    the reason in the organisers' words (read again from their agenda: meetings may move)."""
    if cafe_round.assigned_at is None:
        return []
    placed = set(cafe_round.placements.values_list("registration_id", flat=True))
    people = {pk: r for pk, r in _confirmed_choices(cafe_round).items() if pk not in placed}
    if not people:
        return []
    cafes = {cafe.pk: cafe for cafe in cafe_round.cafes()}
    registrations = Registration.objects.in_bulk(people)
    report = []
    for pk, ranked in people.items():
        registration = registrations[pk]
        try:
            busy = clashes(registration, [cafes[c] for c in ranked if c in cafes])
        except Exception:
            logger.exception("busy sources failed for registration %s", pk)
            reason = _("their B2B meetings could not be checked")
        else:
            if busy and set(ranked) <= set(busy):
                item = busy[ranked[0]]
                reason = _(
                    "a published B2B meeting, “%(meeting)s” (%(when)s), at the time of the three cafés they chose"
                ) % {"meeting": item.title, "when": _when(item)}
            else:
                reason = _("no place left in a café free at their time")
        report.append((registration, reason))
    return sorted(report, key=lambda pair: (pair[0].last_name, pair[0].first_name))


def fill(cafe_round):
    """(café, placed, places) for each café of the round."""
    placements = cafe_round.placements.exclude(registration__status__in=Registration.ENDED)
    counts = Counter(placements.values_list("session_id", flat=True))
    return [
        (cafe, counts.get(cafe.pk, 0), cafe.places)
        for cafe in cafe_round.cafes().select_related("room")
    ]


def check_adjustment(cafe_round, placement, session):
    """Refuse to move someone after publication, outside the round's cafés or into a full one."""
    if cafe_round.published_at:
        raise SignupError(_("The assignment is published: it can no longer be changed."))
    if session.kind != Session.Kind.CAFE or session.edition_id != cafe_round.edition_id:
        raise SignupError(_("Choose among the cafés of this edition."))
    taken = CafePlacement.objects.filter(session=session).exclude(pk=placement.pk).count()
    if session.places is not None and taken >= session.places:
        raise SignupError(_("This café is full."))


def adjust(placement, session):
    """An organiser moves one participant to another café of the round, within its places."""
    with transaction.atomic():
        cafe_round = CafeRound.objects.select_for_update().get(pk=placement.cafe_round_id)
        check_adjustment(cafe_round, placement, session)
        choice = CafeChoice.objects.filter(
            cafe_round=cafe_round, registration_id=placement.registration_id, session=session
        ).first()
        placement.session = session
        placement.rank = choice.rank if choice else None
        placement.save(update_fields=["session", "rank"])
    logger.info("registration %s moved to café %s", placement.registration_id, session.pk)
    return placement


def publish(cafe_round):
    """Turn the placements into places in the cafés and tell each participant by mail."""
    from .notify import tell_cafe

    with transaction.atomic():
        cafe_round = CafeRound.objects.select_for_update().get(pk=cafe_round.pk)
        if cafe_round.published_at:
            raise SignupError(_("The assignment is already published."))
        if cafe_round.assigned_at is None:
            raise SignupError(_("Run the assignment before publishing it."))
        placements = list(
            cafe_round.placements.select_related("registration__edition", "session__room")
        )
        Attendance.objects.filter(
            session__in=cafe_round.cafes(), source=Attendance.Source.CAFE
        ).delete()
        Attendance.objects.bulk_create(
            [
                Attendance(
                    session_id=placement.session_id,
                    registration_id=placement.registration_id,
                    source=Attendance.Source.CAFE,
                )
                for placement in placements
            ],
            # Someone the organisers already put in that café keeps their place.
            ignore_conflicts=True,
        )
        cafe_round.published_at = timezone.now()
        cafe_round.save(update_fields=["published_at"])
        for placement in placements:
            tell_cafe(placement)
    logger.info(
        "cafés of edition %s published to %s people", cafe_round.edition_id, len(placements)
    )
    return len(placements)


def give_free_tables(cafe):
    """After publication, give a café's free places to the confirmed participants who ranked
    it and have no café, best-ranked first then first registered, never to someone busy at
    that time; each is told by mail. Callers hold the café's lock. Returns them."""
    from .notify import tell_cafe

    cafe_round = CafeRound.objects.select_for_update().filter(edition_id=cafe.edition_id).first()
    if cafe_round is None or cafe_round.published_at is None:
        return []
    taken = CafePlacement.objects.filter(cafe_round=cafe_round, session=cafe).count()
    free = None if cafe.places is None else cafe.places - taken
    placed = CafePlacement.objects.filter(cafe_round=cafe_round).values("registration_id")
    candidates = (
        CafeChoice.objects.filter(
            cafe_round=cafe_round,
            session=cafe,
            registration__status=Registration.Status.CONFIRMED,
        )
        .exclude(registration_id__in=placed)
        .select_related("registration__edition")
        .order_by("rank", "registration_id")
    )
    given = []
    for choice in candidates:
        if free is not None and len(given) >= free:
            break
        registration = choice.registration
        try:
            if clashes(registration, [cafe]):
                continue
        except Exception:
            logger.exception("busy sources failed for registration %s", registration.pk)
            continue
        placement = CafePlacement.objects.create(
            cafe_round=cafe_round, registration=registration, session=cafe, rank=choice.rank
        )
        Attendance.objects.get_or_create(
            session=cafe, registration=registration, defaults={"source": Attendance.Source.CAFE}
        )
        tell_cafe(placement)
        given.append(registration)
    if given:
        logger.info("café %s: free tables given to %s", cafe.pk, [r.pk for r in given])
    return given
