"""Turn a checked file into registrations, once an organiser confirms.

Rows are registered through `registration.domain.registering.register`, as an organiser's
manual addition: the addresses count as confirmed, quotas and the waiting list apply, a
delegation (rows sharing a "delegation" value, the first one its coordinator) gets its places
together or waits together, and everyone gets the usual mail. The whole batch is one
transaction: a failure on any row leaves nothing written. The worker writes its progress to
the cache (shared by the processes), since the batch's row is not visible before the commit.
"""

import logging
from collections import Counter

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rencontres.audit.log import record
from rencontres.registration.domain import RegistrationError, invitations
from rencontres.registration.domain.registering import register
from rencontres.registration.models import Registration

from ..models import ImportBatch
from . import rows as checking

logger = logging.getLogger(__name__)


class ConfirmError(Exception):
    """The batch cannot be confirmed; the message is translated."""


def progress_key(batch_id):
    return f"imports:progress:{batch_id}"


def progress(batch):
    """(done, total) rows of a running import."""
    return cache.get(progress_key(batch.pk), 0), batch.row_count


def units(rows):
    """The valid rows as units to register: a person alone, or a delegation (its first row
    the coordinator). A delegation with one invalid row is left out whole, so that it never
    arrives split; its rows say why."""
    groups = {}
    alone = []
    for row in rows:
        if row.delegation:
            groups.setdefault(row.delegation.casefold(), []).append(row)
        else:
            alone.append([row])
    for group in groups.values():
        broken = [row.number for row in group if not row.valid]
        if broken:
            for row in group:
                if row.valid:
                    row.errors.append(
                        _("Not imported: its delegation has rows with errors (lines %(lines)s).")
                        % {"lines": ", ".join(map(str, broken))}
                    )
    units = [unit for unit in alone if unit[0].valid]
    units += [group for group in groups.values() if all(row.valid for row in group)]
    return sorted(units, key=lambda unit: unit[0].number)


@transaction.atomic
def confirm(batch, actor):
    """The organiser confirms the preview: the batch goes to the worker (`long` queue)."""
    from ..tasks import run_import

    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportBatch.Status.PREVIEW:
        raise ConfirmError(_("This import has already been confirmed or abandoned."))
    if not units(checking.check(batch)):
        raise ConfirmError(_("No row of this file can be imported: correct the file first."))
    batch.status = ImportBatch.Status.QUEUED
    batch.confirmed_by = actor
    batch.save(update_fields=["status", "confirmed_by"])
    record(actor, "imports.confirm", target=batch, edition=batch.edition, rows=batch.row_count)
    transaction.on_commit(lambda: run_import.enqueue(batch.pk))
    return batch


def execute(batch_id):
    """Run a confirmed batch (in the worker). Returns the batch."""
    claimed = ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.QUEUED).update(
        status=ImportBatch.Status.RUNNING
    )
    batch = ImportBatch.objects.select_related("edition", "default_category").get(pk=batch_id)
    if not claimed:
        return batch
    try:
        # Checked before the transaction, which holds the edition's lock: someone registering
        # meanwhile makes `register` say so, and the whole batch rolls back.
        checked = checking.check(batch)
        with transaction.atomic():
            _write(batch, checked)
    except Exception as error:  # noqa: BLE001 -- reported on the batch's page, nothing written
        if not isinstance(error, RegistrationError):
            logger.exception("import %s failed", batch_id)
        batch.status = ImportBatch.Status.FAILED
        batch.error = (
            str(error)
            if isinstance(error, RegistrationError)
            else _("An unexpected error stopped the import; nothing was imported.")
        )
        batch.finished = timezone.now()
        batch.save(update_fields=["status", "error", "finished"])
        return batch
    finally:
        cache.delete(progress_key(batch_id))
    return batch


def _write(batch, checked):
    todo = units(checked)
    statuses = {}
    done = 0
    created = []
    if batch.target == ImportBatch.Target.INVITATIONS:
        invitations.import_rows(
            batch.edition, [row for unit in todo for row in unit], batch.confirmed_by
        )
        done = sum(len(unit) for unit in todo)
    else:
        for unit in todo:
            created += _register(batch, unit)
            done += len(unit)
            cache.set(progress_key(batch.pk), done, 3600)
        statuses = dict(
            Counter(Registration.objects.filter(pk__in=created).values_list("status", flat=True))
        )
    report = {
        "imported": done,
        "statuses": statuses,
        "skipped": [{"line": row.number, "errors": row.errors} for row in checked if row.errors],
    }
    batch.status = ImportBatch.Status.DONE
    batch.imported = done
    batch.report = report
    batch.rows = []  # the people are now registrations; the report keeps line numbers only
    batch.finished = timezone.now()
    batch.save()
    record(
        batch.confirmed_by,
        "imports.import",
        target=batch,
        edition=batch.edition,
        file=batch.file_name,
        source=batch.source,
        imported=done,
        skipped=len(report["skipped"]),
        statuses=statuses,
    )
    return report


def _register(batch, unit):
    def fields(row):
        return {"data_consent": False, **row.data}

    coordinator, members = unit[0], unit[1:]
    registration, created = register(
        batch.edition,
        fields(coordinator),
        members=[fields(row) for row in members],
        delegation_name=coordinator.delegation,
        confirmed_by_organiser=True,
    )
    if not created:
        raise RegistrationError(
            _("Line %(line)s: %(email)s registered meanwhile; nothing was imported.")
            % {"line": coordinator.number, "email": registration.email}
        )
    if members:
        return list(registration.delegation.members.values_list("pk", flat=True))
    return [registration.pk]
