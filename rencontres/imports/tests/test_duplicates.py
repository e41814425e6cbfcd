"""Likely duplicates found by address, name and organisation (accents, case and word order
ignored) and phone; the merge keeps every row of both."""

import pytest

from conftest import make_registration
from rencontres.audit.log import record
from rencontres.audit.models import ActivityLog
from rencontres.comms.models import Mail
from rencontres.program.domain.signup import assign
from rencontres.program.models import Attendance, Session
from rencontres.registration import notify
from rencontres.registration.domain import RegistrationError, duplicates
from rencontres.registration.models import Registration

pytestmark = pytest.mark.django_db


def test_pairs_ignore_accents_case_word_order_and_phone_format(edition, demo):
    a = make_registration(
        edition,
        "a@example.org",
        first_name="Aïssatou",
        last_name="Ndiaye",
        organisation="Ville de Thiès",
    )
    b = make_registration(
        edition,
        "b@example.org",
        first_name="NDIAYE",
        last_name="aissatou",
        organisation="ville de thies",
    )
    c = make_registration(edition, "c@example.org", phone="01 23 45 67 89")
    d = make_registration(edition, "d@example.org", phone="+33 1 23 45 67 89")
    make_registration(edition, "e@example.org", first_name="Autre", last_name="Personne")
    found = {(x.pk, y.pk): kinds for x, y, kinds in duplicates.pairs(edition)}
    assert found == {(a.pk, b.pk): ["name"], (c.pk, d.pk): ["phone"]}
    earlier = make_registration(demo[16], "A@example.org")
    assert [
        (r.pk, [m.pk for m, _k in matches]) for r, matches in duplicates.other_editions(edition)
    ] == [(a.pk, [earlier.pk])]


def test_merge_keeps_every_row_of_both(edition):
    keep = make_registration(edition, "amina@example.org", first_name="Amina", last_name="Diallo")
    other = make_registration(
        edition,
        "amina.diallo@example.org",
        first_name="Aminata",
        last_name="Diallo",
        phone="+221 77 000 00 00",
    )
    sessions = list(Session.objects.filter(edition=edition, signup_required=True))
    assert assign(sessions[0], [keep])[0] and assign(sessions[0], [other])[0]
    # Both in the same session (one place is enough after the merge), the other in one more.
    second = next(s for s in sessions[1:] if assign(s, [other])[0])
    sessions = [sessions[0], second]
    notify.send_personal_link(other)
    record(None, "registration.approve", target=other)
    merged = duplicates.merge(keep, other, take_from_other=["first_name", "phone"])
    assert not Registration.objects.filter(pk=other.pk).exists()
    assert (merged.first_name, merged.email, merged.phone) == (
        "Aminata",
        "amina@example.org",
        "+221 77 000 00 00",
    )
    assert set(
        Attendance.objects.filter(registration=merged).values_list("session", flat=True)
    ) == {s.pk for s in sessions}
    assert Mail.objects.filter(registration=merged).exists()
    merge_entry = ActivityLog.objects.get(action="registration.merge")
    assert merge_entry.data["dropped"] == {"program.Attendance.registration": 1}
    assert ActivityLog.objects.filter(
        action="registration.approve", object_id=str(merged.pk)
    ).exists()


def test_merge_keeps_the_better_place(edition):
    waiting = make_registration(edition, status=Registration.Status.WAITING)
    placed = make_registration(edition)
    merged = duplicates.merge(waiting, placed)
    assert merged.status == Registration.Status.CONFIRMED


def test_merging_across_editions_or_with_itself_is_refused(edition, demo):
    a = make_registration(edition)
    with pytest.raises(RegistrationError):
        duplicates.merge(a, make_registration(demo[16]))
    with pytest.raises(RegistrationError):
        duplicates.merge(a, a)
