"""An uploaded file becomes a batch in preview: its cells, and the columns' mapping guessed
or remembered for its source. Nothing is registered here."""

from django.db import transaction
from django.utils.translation import gettext as _

from ..models import ColumnMapping, ImportBatch
from .columns import FIELDS, guess, to_remember
from .reading import read_table


class MappingError(ValueError):
    """The mapping chosen cannot be used; the message is translated."""


def prepare(edition, source, upload, *, actor, default_category=None, target=None):
    """A batch in preview from an uploaded file (raises reading.UnreadableFile)."""
    headers, rows = read_table(upload)
    remembered = ColumnMapping.objects.filter(source=source.strip()).first()
    mapping = guess(headers, remembered.fields if remembered else None)
    return ImportBatch.objects.create(
        edition=edition,
        source=source.strip(),
        file_name=getattr(upload, "name", "")[:255],
        target=target or ImportBatch.Target.REGISTRATIONS,
        default_category=default_category,
        headers=headers,
        rows=rows,
        row_count=len(rows),
        mapping={str(index): field for index, field in mapping.items()},
        created_by=actor,
    )


@transaction.atomic
def set_mapping(batch, mapping):
    """`mapping`: {column index: field or ""}. Remembered for the batch's source."""
    chosen = {int(index): field for index, field in mapping.items() if field}
    unknown = set(chosen.values()) - set(FIELDS)
    if unknown:
        raise MappingError(_("Unknown field: %s") % ", ".join(sorted(unknown)))
    seen = {}
    for index, field in sorted(chosen.items()):
        if field in seen:
            raise MappingError(
                _("Two columns (%(first)s and %(second)s) are mapped to %(field)s.")
                % {
                    "first": batch.headers[seen[field]],
                    "second": batch.headers[index],
                    "field": FIELDS[field][0],
                }
            )
        seen[field] = index
    batch.mapping = {str(index): field for index, field in chosen.items()}
    batch.save(update_fields=["mapping"])
    ColumnMapping.objects.update_or_create(
        source=batch.source, defaults={"fields": to_remember(batch.headers, chosen)}
    )
    return batch
