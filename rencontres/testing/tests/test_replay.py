"""The `demo` fixture's replay gives exactly the rows of a real load, or loads for real."""

import io

from django.core.management import call_command
from django.db import transaction

from rencontres.editions.models import Organiser
from rencontres.testing.replay import _rows, _tables, replay


def database():
    return {table: _rows(table, fields) for table, (_, fields) in _tables().items()}


def test_a_replayed_demo_is_the_loaded_demo(db):
    def load():
        call_command("loaddemo", upcoming=True, stdout=io.StringIO())

    savepoint = transaction.savepoint_create()
    replay("test: loaddemo", load)  # the first time: a real load, recorded
    loaded = database()
    transaction.savepoint_rollback(savepoint)
    assert not Organiser.objects.exists()
    replay("test: loaddemo", load)
    assert database() == loaded


def test_a_different_database_or_a_changed_row_means_a_real_load(db):
    calls = []

    def load():
        calls.append(1)
        Organiser.objects.create(name_fr="Organisateur", name_en="Organiser")

    savepoint = transaction.savepoint_create()
    replay("test: organiser", load)
    first = Organiser.objects.get()
    transaction.savepoint_rollback(savepoint)
    replay("test: organiser", load)
    assert len(calls) == 1 and Organiser.objects.get().pk == first.pk
    transaction.savepoint_rollback(savepoint)
    Organiser.objects.create(name_fr="Déjà là", name_en="Already there")
    replay("test: organiser", load)
    assert len(calls) == 2 and Organiser.objects.count() == 2

    def rename():
        calls.append(1)
        Organiser.objects.update(name_fr="Renommé")

    for _ in range(2):
        replay("test: rename", rename)
    assert len(calls) == 4, "a load that changes existing rows is never replayed"
