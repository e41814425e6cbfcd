"""Read an uploaded spreadsheet into a header and rows of text, whatever produced it.

XLSX through openpyxl in read-only mode, formulas kept as their text (`=SUM(A1:A3)` is a
value like any other: nothing is ever evaluated). CSV through the csv module, the dialect
sniffed so that French Excel's semicolons work, decoded as UTF-8 (with or without a BOM),
else Windows-1252, which Excel on Windows writes.
"""

import csv
import datetime
import io
import zipfile

from django.utils.formats import number_format
from django.utils.translation import gettext as _

# Files of this many rows or more are refused (the preview and one transaction must stay
# reasonable); 5,000 rows, a large delegation list, take a few minutes in the worker.
ROW_LIMIT = 50_000
# Beyond this many columns a file is not a list of people (and the preview would not fit).
MAX_COLUMNS = 60


class UnreadableFile(ValueError):
    """The file cannot be imported; the message says why, in the user's language."""


def read_table(upload):
    """(headers, rows) from an uploaded file: every cell as a stripped string; empty rows
    left out; each row keeps its own length (a row longer than the header is an error the
    row checks report)."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"PK\x03\x04"):
        table = _xlsx_rows(upload)
    elif head.startswith((b"\xd0\xcf\x11\xe0", b"%PDF", b"\x7fELF", b"MZ")):
        # Old binary .xls, PDF, executables: not something we read.
        raise UnreadableFile(_not_a_spreadsheet())
    else:
        table = _csv_rows(upload.read())
    rows = []
    headers = None
    for row in table:
        cells = [_text(cell) for cell in row]
        while cells and cells[-1] == "":
            cells.pop()
        if not cells:
            continue
        if headers is None:
            headers = cells
            if len(headers) > MAX_COLUMNS:
                raise UnreadableFile(
                    _("This file has %(count)d columns; at most %(max)d can be imported.")
                    % {"count": len(headers), "max": MAX_COLUMNS}
                )
            continue
        if len(rows) + 1 >= ROW_LIMIT:
            raise UnreadableFile(
                _(
                    "This file has %(limit)s rows or more. Split it into files of fewer than "
                    "%(limit)s rows and import them one after the other."
                )
                % {"limit": number_format(ROW_LIMIT, force_grouping=True)}
            )
        rows.append(cells)
    if headers is None or not rows:
        raise UnreadableFile(
            _(
                "This file has no rows to import: the first line names the columns, then one line per person."
            )
        )
    return headers, rows


def _not_a_spreadsheet():
    return _("This file is not a spreadsheet. Upload an Excel file (.xlsx) or a CSV file.")


def _xlsx_rows(upload):
    from openpyxl import load_workbook

    try:
        # read_only streams the rows; data_only=False gives a formula's text, not a cached
        # result that whoever saved the file could have set to anything.
        book = load_workbook(upload, read_only=True, data_only=False)
        sheet = book.worksheets[0]
        yield from sheet.iter_rows(values_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError, TypeError) as error:
        raise UnreadableFile(_not_a_spreadsheet()) from error


def _csv_rows(content):
    if b"\x00" in content[:4096]:
        # UTF-16 or a binary file: Excel's "Unicode text" is not CSV either.
        raise UnreadableFile(
            _(
                "This file is not a spreadsheet we can read. Save it as an Excel file "
                "(.xlsx) or as CSV (UTF-8)."
            )
        )
    text = _decode(content)
    # The header line alone: it is the most regular, and rows with too many cells (an error
    # reported per row) would mislead the sniffer.
    sample = text[:20_000].lstrip("\r\n").splitlines()[0] if text.strip() else ""
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t|")
    except csv.Error:
        # One column only, or nothing that looks like a separator: take the comma.
        dialect = csv.excel
    try:
        return list(csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error as error:
        raise UnreadableFile(_not_a_spreadsheet()) from error


def _decode(content):
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows writes CSV in Windows-1252; its few undefined bytes are replaced.
        return content.decode("cp1252", errors="replace")


def _text(cell):
    if cell is None:
        return ""
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat() if cell.time() == datetime.time() else cell.isoformat()
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()
