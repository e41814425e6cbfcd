"""small_edition keeps the shape that tests rely on, in a few queries."""

import pytest
from django.utils import timezone

from rencontres.program.models import Session
from rencontres.registration.demo import CATEGORIES
from rencontres.testing import factories, small_edition


@pytest.mark.django_db
def test_small_edition_is_shaped_like_the_demonstration_edition(django_assert_max_num_queries):
    with django_assert_max_num_queries(80):
        edition = small_edition()
    assert edition.registration_state() == "open"
    assert list(edition.categories.values_list("code", flat=True)) == [c[0] for c in CATEGORIES]
    assert edition.categories.get(code="press").needs_approval
    workshops = list(edition.sessions.filter(signup_required=True))
    assert len(workshops) == 6 and all(s.signup_is_open() for s in workshops)
    assert workshops[0].start == workshops[2].start < workshops[3].start
    b2b = edition.sessions.filter(kind=Session.Kind.B2B)
    cafes = edition.sessions.filter(kind=Session.Kind.CAFE)
    assert {s.start for s in b2b} == {workshops[0].start, workshops[3].start, cafes[0].start}
    assert edition.cafe_round.choices_close > timezone.now()
    for session in edition.sessions.all():
        session.full_clean()  # within the edition's days, rooms of the edition


@pytest.mark.django_db
def test_factories_build_related_rows_in_the_same_edition():
    edition = factories.EditionFactory()
    request = factories.MeetingRequestFactory(
        requester=factories.RegistrationFactory(edition=edition)
    )
    [invited] = request.party_b.all()
    assert invited.edition == request.edition == edition
    assert invited.category.edition == edition and invited.category.code == "elected"
    group = factories.delegation(edition, size=3)
    assert group.members.count() == 3 and group.coordinator.delegation == group
    profile = factories.ProfileFactory(registration=invited, offers=["water"])
    assert list(profile.offers.values_list("slug", flat=True)) == ["water"]
