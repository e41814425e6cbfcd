"""Rows checked as the registration form would, then registered through the registration's
rules once confirmed: all or nothing, the report in the history and the audit trail."""

import pytest
from django.contrib.auth import get_user_model

from conftest import make_registration
from rencontres.audit.models import ActivityLog
from rencontres.imports.domain import rows as checking
from rencontres.imports.domain import running
from rencontres.imports.domain.preparing import MappingError, prepare, set_mapping
from rencontres.imports.models import ImportBatch
from rencontres.registration.domain import RegistrationError
from rencontres.registration.models import Registration, RegistrationSettings

from .conftest import HEADER, csv_file

pytestmark = pytest.mark.django_db

S = Registration.Status


@pytest.fixture
def organiser():
    return get_user_model().objects.create_user("importer", is_staff=True)


def batch_of(edition, organiser, lines, source="Délégation du Sénégal", **kwargs):
    return prepare(edition, source, csv_file(HEADER + "".join(lines)), actor=organiser, **kwargs)


def line(first, last, email, country="SN", org="Ville de Thiès", category="elected", delegation=""):
    return f"Mme;{first};{last};{email};{country};{org};{category};{delegation}\n"


def test_each_bad_row_says_why(edition, organiser):
    make_registration(edition, "deja@example.org")
    make_registration(
        edition,
        "other@example.org",
        first_name="Moussa",
        last_name="Sow",
        organisation="Commune de Saint-Louis",
    )
    batch = batch_of(
        edition,
        organiser,
        [
            line("Awa", "Diop", "awa@example.org", country="Sénégal"),
            line("Ana", "Silva", "ana@example.org", country="Narnia"),
            line("Bo", "Li", "pas-une-adresse"),
            line("Cy", "Ko", "cy@example.org", category="ministre"),
            line("", "Ba", "ba@example.org"),
            line("Di", "Fa", "twice@example.org"),
            line("Ed", "Go", "TWICE@example.org"),
            "Mme;Fe;Hu;fe@example.org;FR;Org;elected;;en trop\n",
            line("Gi", "Ja", "deja@example.org"),
            line("sow", "MOUSSA", "moussa.new@example.org", org="commune de saint louis"),
            line("Hi", "Ki", "hi@example.org", country="Senegal"),
            line("Io", "La", "io@example.org", country="sen"),
            line("\u202eAwa", "Ba", "rtl@example.org"),
            line(
                "Long",
                "Mail",
                "a" * 64 + "@" + "b" * 60 + "." + "c" * 60 + "." + "d" * 60 + ".example.org",
            ),
        ],
    )
    checked = {row.number: row for row in checking.check(batch)}
    assert checked[2].valid and checked[2].data["country"] == "SN"
    assert "Narnia" in " ".join(checked[3].errors) and "reconnu" in " ".join(checked[3].errors)
    assert "pas-une-adresse" in " ".join(checked[4].errors)
    assert "ministre" in " ".join(checked[5].errors)
    assert "manque" in " ".join(checked[6].errors)
    assert "plus d’une fois" in " ".join(checked[7].errors)
    assert "plus d’une fois" in " ".join(checked[8].errors)
    assert "colonnes" in " ".join(checked[9].errors)
    assert "déjà inscrite" in " ".join(checked[10].errors)
    assert checked[11].valid and checked[11].duplicates  # name and organisation, other order
    assert checked[12].data["country"] == "SN" and checked[13].data["country"] == "SN"
    assert "n’est pas valide" in checked[15].errors[0]
    assert "Prénom\u00a0: " in checked[14].errors[0] and "sens du texte" in checked[14].errors[0]


@pytest.mark.django_db(transaction=True)
def test_confirmed_rows_are_registered_through_the_rules(edition, organiser, run_worker):
    RegistrationSettings.objects.update_or_create(edition=edition, defaults={"capacity": 2})
    batch = batch_of(
        edition,
        organiser,
        [
            line("Awa", "Diop", "awa@example.org"),
            line("Ana", "Silva", "ana@example.org", country="Narnia"),
            line("Chef", "Fall", "chef@example.org", delegation="Dakar"),
            line("Membre", "Sy", "membre@example.org", delegation="Dakar"),
        ],
    )
    assert Registration.objects.filter(edition=edition).count() == 0  # nothing before confirming
    running.confirm(batch, organiser)
    run_worker()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE and batch.imported == 3
    assert batch.rows == [] and batch.report["skipped"][0]["line"] == 3
    people = {r.email: r for r in Registration.objects.filter(edition=edition)}
    assert people["awa@example.org"].status == S.CONFIRMED
    # The delegation waits whole: one place left for two.
    assert people["chef@example.org"].status == people["membre@example.org"].status == S.WAITING
    assert people["chef@example.org"].delegation == people["membre@example.org"].delegation
    assert ActivityLog.objects.filter(action="imports.import", object_id=str(batch.pk)).exists()


@pytest.mark.django_db(transaction=True)
def test_nothing_is_written_when_a_row_fails(edition, organiser, run_worker, monkeypatch):
    batch = batch_of(
        edition,
        organiser,
        [line("Awa", "Diop", "awa@example.org"), line("Bo", "Li", "bo@example.org")],
    )
    real = running.register

    def fail_on_bo(edition, data, **kwargs):
        if data["email"] == "bo@example.org":
            raise RegistrationError("Quota plein pour Bo")
        return real(edition, data, **kwargs)

    monkeypatch.setattr(running, "register", fail_on_bo)
    running.confirm(batch, organiser)
    run_worker()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED and "Bo" in batch.error
    assert not Registration.objects.filter(edition=edition).exists()
    assert not ActivityLog.objects.filter(action="imports.import").exists()


def test_a_delegation_with_a_bad_row_is_left_out_whole(edition, organiser):
    batch = batch_of(
        edition,
        organiser,
        [
            line("Chef", "Fall", "chef@example.org", delegation="Dakar"),
            line("Membre", "Sy", "membre@example.org", country="Narnia", delegation="Dakar"),
            line("Awa", "Diop", "awa@example.org"),
        ],
    )
    checked = checking.check(batch)
    units = running.units(checked)
    assert [[row.number for row in unit] for unit in units] == [[4]]
    assert "délégation" in " ".join(checked[0].errors)


def test_the_mapping_is_remembered_for_the_source(edition, organiser):
    text = "Given;Family;Mail address;Land\nAwa;Diop;awa@example.org;SN\n"
    batch = prepare(edition, "Partenaire X", csv_file(text), actor=organiser)
    assert batch.mapping == {}
    with pytest.raises(MappingError):
        set_mapping(batch, {0: "first_name", 1: "first_name"})
    set_mapping(batch, {0: "first_name", 1: "last_name", 2: "email", 3: "country"})
    again = prepare(edition, "Partenaire X", csv_file(text), actor=organiser)
    assert again.mapping == {"0": "first_name", "1": "last_name", "2": "email", "3": "country"}


def test_confirming_twice_or_with_nothing_valid_is_refused(edition, organiser):
    batch = batch_of(
        edition, organiser, [line("Ana", "Silva", "ana@example.org", country="Narnia")]
    )
    with pytest.raises(running.ConfirmError):
        running.confirm(batch, organiser)
    good = batch_of(edition, organiser, [line("Awa", "Diop", "awa@example.org")])
    running.confirm(good, organiser)
    with pytest.raises(running.ConfirmError):
        running.confirm(good, organiser)


@pytest.mark.django_db(transaction=True)
def test_rows_can_be_imported_as_invitations_all_or_nothing(edition, organiser, run_worker):
    from rencontres.registration.models import Invitation

    batch = batch_of(
        edition,
        organiser,
        [line("Awa", "Diop", "awa@example.org"), line("Bo", "Li", "bo@example.org")],
        target=ImportBatch.Target.INVITATIONS,
    )
    running.confirm(batch, organiser)
    run_worker()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE and batch.imported == 2
    invited = Invitation.objects.filter(edition=edition).order_by("email")
    assert [(i.email, i.prefill["country"]) for i in invited] == [
        ("awa@example.org", "SN"),
        ("bo@example.org", "SN"),
    ]
    assert not Registration.objects.filter(edition=edition).exists()

    # An address already invited: the second file's import fails whole, naming the line.
    again = batch_of(
        edition,
        organiser,
        [line("Cy", "Ba", "cy@example.org"), line("Awa", "Diop", "awa@example.org")],
        target=ImportBatch.Target.INVITATIONS,
    )
    running.confirm(again, organiser)
    run_worker()
    again.refresh_from_db()
    assert again.status == ImportBatch.Status.FAILED and "3" in again.error
    assert not Invitation.objects.filter(email="cy@example.org").exists()
