"""The export helpers on their own: odd sheet titles, control characters, time zones."""

import csv
import datetime
import io
import zoneinfo

from openpyxl import load_workbook

from rencontres.core.exports import csv_response, xlsx_response

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
ROW = [
    "Eau\x01 et\x0b assainissement",
    None,
    datetime.datetime(2026, 3, 29, 0, 30, tzinfo=datetime.UTC),
    3,
]


def test_xlsx_survives_odd_titles_and_control_characters():
    response = xlsx_response(
        "export", ["A", "B", "C", "D"], [ROW], title="Eau / assainissement [1]"
    )
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    assert sheet.title == "Eau   assainissement  1"
    # Characters XLSX cannot hold are dropped instead of failing the whole export; the
    # night the clocks change, 00:30 UTC is 01:30 in Paris; numbers stay numbers.
    assert [cell.value for cell in sheet[2]] == [
        "Eau et assainissement",
        None,
        datetime.datetime(2026, 3, 29, 1, 30),
        3,
    ]


def test_csv_for_french_excel_uses_semicolons_and_the_given_zone():
    response = csv_response("export", ["A", "B", "C", "D"], [ROW], time_zone=PARIS, excel=True)
    assert response["Content-Disposition"] == 'attachment; filename="export-excel.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffA;B;C;D")
    [_header, row] = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert row[1:] == ["", "2026-03-29 01:30", "3"]
