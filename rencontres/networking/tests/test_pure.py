"""Pure functions: slots, recommendations, validity of a schedule."""

import datetime

from django.utils import timezone
from django.utils.translation import override

from rencontres.networking.domain.instance import check_placements
from rencontres.networking.domain.recommendations import Card, describe, recommend
from rencontres.networking.domain.slots import cut_blocks


def at(hour, minute=0, day=23):
    return timezone.make_aware(datetime.datetime(2024, 10, day, hour, minute))


def test_blocks_are_cut_into_slots_and_short_remainders_dropped():
    blocks = [(at(14, 30), at(16)), (at(16, 45), at(18, 15)), (at(14, 30, 24), at(15, 30, 24))]
    slots = cut_blocks(blocks, 40)
    assert [s.id for s in slots] == [
        "2024-10-23T14:30",
        "2024-10-23T15:10",
        "2024-10-23T16:45",
        "2024-10-23T17:25",
        "2024-10-24T14:30",
    ]
    # Overlapping B2B sessions (two rooms) make one block.
    assert len(cut_blocks([(at(9), at(10)), (at(9, 30), at(10, 30))], 30)) == 3


def test_recommendations_rank_complements_and_cooperation_never_colleagues():
    me = Card(
        1,
        organisation="Ville de Douala",
        country="CM",
        seeks=frozenset({"water"}),
        themes=frozenset({"climate"}),
        languages=frozenset({"fr"}),
    )
    french = Card(
        2,
        organisation="Département de démonstration",
        country="FR",
        cooperating=frozenset({"CM"}),
        offers=frozenset({"water"}),
        languages=frozenset({"fr"}),
    )
    shares_a_theme = Card(3, organisation="ONG", country="SN", themes=frozenset({"climate"}))
    colleague = Card(4, organisation=" ville de DOUALA ", offers=frozenset({"water"}))
    stranger = Card(5, organisation="Autre", country="FR", languages=frozenset({"fr"}))
    ranked = recommend(me, [french, shares_a_theme, colleague, stranger, me])
    assert [card.id for card, _points, _reasons in ranked] == [2, 3]
    reasons = ranked[0][2]
    assert reasons == [("offers", "water"), ("country", "CM"), ("language", "fr")]
    with override("en"):
        text = describe(reasons, {"water": "Water"}, {"CM": "Cameroon"}, {"fr": "French"})
    assert text == "offers what you seek: Water; country: Cameroon; language: French"
    assert recommend(me, [french], exclude={2}) == []


def test_check_placements_names_every_broken_rule():
    instance = {
        "slots": [{"id": "s1"}, {"id": "s2"}],
        "tables": 1,
        "default_max_meetings": 1,
        "participants": [
            {"id": "p1", "unavailable": ["s2"]},
            {"id": "p2", "unavailable": []},
            {"id": "p3", "unavailable": []},
        ],
        "requests": [
            {"id": "r1", "a": ["p1"], "b": ["p2"]},
            {"id": "r2", "a": ["p2"], "b": ["p3"]},
        ],
    }
    names = {"p1": "Ana", "p2": "Bo", "p3": "Cy"}.get
    assert check_placements(instance, [{"request": "r1", "slot": "s1", "table": 1}], names) == []
    with override("en"):
        errors = check_placements(
            instance,
            [
                {"request": "r1", "slot": "s2", "table": 1},
                {"request": "r2", "slot": "s2", "table": 1},
                {"request": "r9", "slot": "s1", "table": 1},
            ],
            names,
        )
    assert "Ana is not available then." in errors
    assert "Table 1 already holds a meeting in this slot." in errors
    assert "Bo already has another meeting then." in errors
    assert "r9 is not an accepted request." in errors
    assert any("more than their maximum of 1" in e for e in errors)
