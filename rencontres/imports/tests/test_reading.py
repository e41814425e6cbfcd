"""Reading files: French Excel's CSV, encodings, formulas, files that are not spreadsheets,
too many rows."""

import pytest

from rencontres.imports.domain.columns import guess
from rencontres.imports.domain.reading import ROW_LIMIT, UnreadableFile, read_table

from .conftest import HEADER, csv_file, xlsx_file

ROW = "Mme;Aïssatou;Ndiaye;aissatou@example.org;Sénégal;Ville de Thiès;Élu·e local·e;\n"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp1252"])
def test_french_excel_csv_in_every_encoding(encoding):
    text = (HEADER + ROW).replace("·", "-") if encoding == "cp1252" else HEADER + ROW
    headers, rows = read_table(csv_file(text, encoding=encoding))
    assert headers[:3] == ["Civilité", "Prénom", "Nom"]
    assert rows[0][1] == "Aïssatou" and rows[0][4] == "Sénégal"


def test_comma_csv_and_english_headers_are_guessed():
    headers, rows = read_table(
        csv_file(
            'First name,Last name,E-mail address,Country,"Organization, city"\nAna,Silva,ana@example.org,PT,"Lisboa, PT"\n'
        )
    )
    assert rows == [["Ana", "Silva", "ana@example.org", "PT", "Lisboa, PT"]]
    assert guess(headers) == {0: "first_name", 1: "last_name", 2: "email", 3: "country"}


def test_a_formula_is_read_as_its_text_never_evaluated():
    upload = xlsx_file(
        [["Prénom", "Nom", "Courriel"], ["=1+1", '=HYPERLINK("http://x")', "a@example.org"]]
    )
    _headers, rows = read_table(upload)
    assert rows == [["=1+1", '=HYPERLINK("http://x")', "a@example.org"]]


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7\n...",
        b"PK\x03\x04not really a workbook",
        b"MZ\x90\x00binary",
        b"\xff\xfe<\x00h\x00",
    ],
)
def test_not_a_spreadsheet_gives_a_clear_message(content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(UnreadableFile, match="(spreadsheet|tableur)"):
        read_table(SimpleUploadedFile("liste.xlsx", content))


def test_fifty_thousand_rows_are_refused():
    read_table(csv_file("Prénom;Nom\n" + "A;B\n" * (ROW_LIMIT - 1)))
    with pytest.raises(UnreadableFile, match=r"50\s000 lignes ou plus"):
        read_table(csv_file("Prénom;Nom\n" + "A;B\n" * ROW_LIMIT))


def test_a_header_alone_is_refused():
    with pytest.raises(UnreadableFile):
        read_table(csv_file("Prénom;Nom\n"))
