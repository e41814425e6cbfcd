import datetime

import pytest

from rencontres.editions.domain.next_edition import (
    EditionCopyError,
    create_next_edition,
    edition_copied,
)
from rencontres.editions.models import Edition, Format, Partner

D = datetime.date


@pytest.fixture
def source(make_edition):
    edition = make_edition(
        15,
        start_date=D(2024, 10, 23),
        end_date=D(2024, 10, 24),
        status=Edition.Status.ARCHIVED,
        registration_opens=D(2024, 6, 25),
        registration_closes=D(2024, 10, 17),
        theme_fr="Thème",
        theme_en="Theme",
        editorial_fr="Éditorial",
        editorial_en="Editorial",
        hashtag="#RencontresAICT2024",
        honoured_country="CM",
        review_fr="Plus de 500 participants",
    )
    Format.objects.create(edition=edition, kind="plenary", title_fr="Plénière", title_en="Plenary")
    Partner.objects.create(edition=edition, role="co_funder", name_fr="PLATFORMA", note_fr="Note")
    return edition


def test_copies_venue_partners_formats_and_texts_into_a_new_draft(source):
    target = create_next_edition(source, D(2025, 10, 22))
    assert (target.number, target.status) == (16, Edition.Status.DRAFT)
    assert (target.start_date, target.end_date) == (D(2025, 10, 22), D(2025, 10, 23))
    assert target.venue_id == source.venue_id
    assert (target.theme_fr, target.theme_en) == ("Thème", "Theme")
    assert (target.editorial_fr, target.editorial_en) == ("Éditorial", "Editorial")
    assert target.organiser_id == source.organiser_id
    assert [f.title_en for f in target.formats.all()] == ["Plenary"]
    assert [(p.name_fr, p.role, p.note_fr) for p in target.partners.all()] == [
        ("PLATFORMA", "co_funder", "Note")
    ]
    # The source keeps its own rows.
    assert source.formats.count() == 1 and source.partners.count() == 1
    assert Edition.objects.get(pk=source.pk).status == Edition.Status.ARCHIVED


def test_shifts_registration_dates_and_resets_what_belongs_to_the_source(source):
    target = create_next_edition(source, D(2025, 10, 22))
    shift = D(2025, 10, 22) - D(2024, 10, 23)
    assert target.registration_opens == D(2024, 6, 25) + shift
    assert target.registration_closes == D(2024, 10, 17) + shift
    assert target.hashtag == "#RencontresAICT2025"
    assert target.honoured_country == "" and not target.review_fr


def test_end_date_and_overrides_are_taken(source):
    target = create_next_edition(
        source,
        D(2025, 7, 4),
        D(2025, 7, 4),
        number=30,
        status=Edition.Status.PUBLISHED,
        registration_closes=D(2025, 7, 1),
    )
    assert (target.number, target.end_date, target.status) == (30, D(2025, 7, 4), "published")


def test_refuses_a_duplicate_number(source, make_edition):
    make_edition(16)
    with pytest.raises(EditionCopyError, match="16"):
        create_next_edition(source, D(2025, 10, 22), number=16)
    assert Edition.objects.count() == 2


def test_refuses_an_end_before_the_start(source):
    with pytest.raises(EditionCopyError):
        create_next_edition(source, D(2025, 10, 22), D(2025, 10, 21))
    assert not Edition.objects.filter(number=16).exists()


def test_refuses_dates_that_break_the_edition_rules(source):
    # Registration closed on the last of two days; one day only puts it after the end.
    Edition.objects.filter(pk=source.pk).update(registration_closes=D(2024, 10, 24))
    with pytest.raises(EditionCopyError, match="dernier jour"):
        create_next_edition(source, D(2025, 10, 22), D(2025, 10, 22))
    assert not Edition.objects.filter(number=16).exists()


def test_sends_edition_copied_with_the_shift(source):
    received = []

    def receiver(sender, source, target, shift, **kwargs):
        received.append((source.number, target.number, shift))

    edition_copied.connect(receiver)
    try:
        create_next_edition(source, D(2025, 10, 22))
    finally:
        edition_copied.disconnect(receiver)
    assert received == [(15, 16, datetime.timedelta(days=364))]


def test_a_failing_receiver_leaves_nothing_behind(source):
    def receiver(**kwargs):
        raise RuntimeError("copy failed")

    edition_copied.connect(receiver)
    try:
        with pytest.raises(RuntimeError):
            create_next_edition(source, D(2025, 10, 22))
    finally:
        edition_copied.disconnect(receiver)
    assert Edition.objects.count() == 1 and Format.objects.count() == 1
