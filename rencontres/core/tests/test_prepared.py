"""Prepared queries (core/prepared.py) give what the ORM gives, for every value they are run
with, and refuse what they cannot prepare."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rencontres.core.prepared import NotPreparable, Prepared, attnames, columns, instances
from rencontres.editions.models import Edition, Venue
from rencontres.program.models import Room, Session
from rencontres.testing.factories import EditionFactory, RoomFactory, SessionFactory

FIELDS = ["pk", "start", "end", "signup_required", "room__name_en", "edition__number"]

SESSIONS = Prepared(
    lambda edition_id, capacity: (
        Session.objects.rewrite(False)
        .filter(edition_id=edition_id, capacity__gte=capacity)
        .values_list(*FIELDS)
    )
)


@pytest.mark.django_db
def test_rows_are_the_orms_for_each_value_with_the_sql_compiled_once():
    first, second = EditionFactory(), EditionFactory()
    SessionFactory(
        edition=first, capacity=10, signup_required=True, room=RoomFactory(edition=first)
    )
    SessionFactory(edition=first, capacity=50, hours=("14:00", "15:30"))
    SessionFactory(edition=second, capacity=80)
    for edition in (first, second, first):
        for capacity in (0, 40):
            expected = list(
                Session.objects.filter(edition=edition, capacity__gte=capacity).values_list(*FIELDS)
            )
            with CaptureQueriesContext(connection) as queries:
                rows = SESSIONS(edition_id=edition.pk, capacity=capacity)
            assert rows == expected and len(queries) == 1
    # Converted as the ORM converts them (SQLite gives text and integers).
    start, signup = rows[0][1], rows[0][3]
    assert start.tzinfo is not None and signup is False
    assert len(SESSIONS._compiled) == 1


@pytest.mark.django_db
def test_instances_are_built_as_select_related_builds_them():
    edition = EditionFactory(venue=None)
    room = RoomFactory(edition=edition, name_fr="Salle Lumière")
    session = SessionFactory(edition=edition, room=room)
    parts = [
        ("", Session, attnames(Session, ["edition", "room", "title_fr", "start"])),
        ("room", Room, attnames(Room, ["name_fr"])),
        ("edition", Edition, attnames(Edition, ["number", "venue"])),
        ("edition__venue", Venue, attnames(Venue, ["name"])),
    ]
    query = Prepared(
        lambda pk: Session.objects.rewrite(False).filter(pk=pk).values_list(*columns(parts))
    )
    built = instances(query(pk=session.pk)[0], "default", parts)
    with CaptureQueriesContext(connection) as queries:
        assert (built.pk, built.title_fr, built.room.name_fr) == (
            session.pk,
            session.title_fr,
            "Salle Lumière",
        )
        assert built.edition.number == edition.number and built.edition.venue is None
    assert not queries, "the related rows come with the session's row"
    # What was left out is deferred, as with only().
    assert "description_fr" in built.get_deferred_fields()
    assert built.description_fr == session.description_fr


def test_what_cannot_be_prepared_is_refused():
    with pytest.raises(ValueError, match="no columns"):
        attnames(Session, ["nothing"])


@pytest.mark.django_db
def test_queries_whose_sql_follows_their_values_are_refused():
    models = Prepared(lambda pk: Session.objects.rewrite(False).filter(pk=pk))
    with pytest.raises(NotPreparable, match="values_list"):
        models(pk=1)
    # modeltranslation would reorder the columns and choose a language per row.
    rewritten = Prepared(lambda pk: Session.objects.filter(pk=pk).values_list("title"))
    with pytest.raises(NotPreparable, match="rewrite"):
        rewritten(pk=1)
    # A list as long as the value: another SQL for each value.
    shape = Prepared(
        lambda pk: Session.objects.rewrite(False).filter(pk__in=range(pk % 7 + 1)).values_list("pk")
    )
    with pytest.raises(NotPreparable, match="depends on its values"):
        shape(pk=1)
    # A value transformed by its lookup no longer looks like the stand-in.
    contains = Prepared(
        lambda number: (
            Session.objects.rewrite(False).filter(title_fr__contains=number).values_list("pk")
        )
    )
    with pytest.raises(NotPreparable, match="follows no value"):
        contains(number=1)
