import io

from django.core.files.uploadedfile import SimpleUploadedFile


def csv_file(text, name="liste.csv", encoding="utf-8-sig"):
    return SimpleUploadedFile(name, text.encode(encoding))


def xlsx_file(rows, name="liste.xlsx"):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


HEADER = "Civilité;Prénom;Nom;Courriel;Pays;Organisation;Catégorie;Délégation\n"
