"""CSV and XLSX exports of tables, safe to open in a spreadsheet.

Three formats: `csv` (comma, UTF-8 with a BOM), `csv-excel` (what French Excel opens with a
double click: semicolons, UTF-8 with a BOM) and `xlsx`. Aware datetimes are written in the
time zone given (the edition's), as the back-office shows them.
"""

import csv
import datetime
import io
import re

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "csv-excel", "xlsx")
DATETIME_FORMAT = "%Y-%m-%d %H:%M"


def neutralise(value):
    """Text that a spreadsheet would run as a formula is prefixed with a quote (CSV injection).

    Only for CSV, where every cell is guessed from its text; XLSX cells are typed as text.
    """
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def export_filename(what, edition=None):
    """`inscriptions-17e-edition` in French, `registrations-17th-edition` in English."""
    if edition is None:
        return slugify(what)
    return slugify(_("%(what)s %(ordinal)s edition") % {"what": what, "ordinal": edition.ordinal})


def _local(value, time_zone):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value, time_zone).replace(tzinfo=None)
    return value


def _csv_cell(value, time_zone):
    value = _local(value, time_zone)
    if isinstance(value, datetime.datetime):
        return value.strftime(DATETIME_FORMAT)
    return neutralise(value)


def csv_response(filename, header, rows, *, time_zone=None, excel=False):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if excel else ",")
    writer.writerow([neutralise(str(cell)) for cell in header])
    for row in rows:
        writer.writerow([_csv_cell(cell, time_zone) for cell in row])
    # A BOM so that spreadsheet programs read the accents right.
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    suffix = "-excel" if excel else ""
    response["Content-Disposition"] = f'attachment; filename="{filename}{suffix}.csv"'
    return response


def _xlsx_row(sheet, values):
    """Append a row whose text cells are typed as text: `+33 1 …` stays a phone number
    without an apostrophe, `=…` is shown, never run."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    sheet.append(
        ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value
        for value in values
    )
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
        elif isinstance(cell.value, datetime.datetime):
            cell.number_format = "yyyy-mm-dd hh:mm"


def xlsx_response(filename, header, rows, title="Export", *, time_zone=None):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    # Characters a sheet name may not hold (a session title "Eau / assainissement").
    sheet.title = re.sub(r"[\[\]:*?/\\]", " ", str(title))[:31].strip() or "Export"
    _xlsx_row(sheet, [str(cell) for cell in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        _xlsx_row(sheet, ["" if cell is None else _local(cell, time_zone) for cell in row])
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def export_response(fmt, filename, header, rows, *, title="Export", time_zone=None):
    """One of FORMATS; the caller checks that `fmt` is one of them."""
    if fmt == "xlsx":
        return xlsx_response(filename, header, rows, title=title, time_zone=time_zone)
    return csv_response(filename, header, rows, time_zone=time_zone, excel=fmt == "csv-excel")
