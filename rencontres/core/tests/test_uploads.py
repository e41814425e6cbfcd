"""The shared upload rules: content decides, metadata goes, private files stay private."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from rencontres.core.uploads import (
    MB,
    PrivateStorage,
    clean_document,
    clean_image,
    clean_pdf,
    delete_file,
    serve_private,
)


def jpeg_with_gps():
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x8825] = {2: (48.0, 51.0, 0.0)}  # GPSInfo: latitude
    exif[0x010E] = "secret description"
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return SimpleUploadedFile("holiday.JPG", out.getvalue(), content_type="image/jpeg")


def test_an_image_is_re_encoded_without_its_metadata():
    upload = jpeg_with_gps()
    assert b"secret description" in upload.read()
    cleaned = clean_image(upload)
    data = cleaned.read()
    assert cleaned.name == "holiday.jpg"
    assert b"secret description" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (40, 30)
        assert not image.getexif()


def test_a_renamed_file_is_neither_a_pdf_nor_an_image():
    fake = SimpleUploadedFile("cv.pdf", b"MZ\x90\x00 an executable", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        clean_pdf(fake)
    assert error.value.code == "not_pdf"
    with pytest.raises(ValidationError) as error:
        clean_document(fake)
    assert error.value.code == "document_type"
    svg = SimpleUploadedFile("logo.png", b"<svg onload='alert(1)'/>", content_type="image/png")
    with pytest.raises(ValidationError) as error:
        clean_image(svg)
    assert error.value.code == "not_image"


def test_size_limits_are_checked_before_reading():
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (2 * MB), content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        clean_document(big, max_bytes=1 * MB)
    assert error.value.code == "too_large"
    assert "1 Mo" in error.value.messages[0]  # tests run in French
    assert clean_document(big, max_bytes=3 * MB) is big


# `db`: closing the response signals the end of a request, which checks the database
# connection a previous test may have left open.
def test_private_files_live_outside_media_are_served_with_nosniff_and_deleted(
    settings, tmp_path, db
):
    settings.PRIVATE_ROOT = tmp_path / "private"
    storage = PrivateStorage("tests")
    name = storage.save("tests-doc.pdf", io.BytesIO(b"%PDF-1.4 hello"))
    assert (tmp_path / "private" / "tests" / name).exists()
    assert not str(storage.path(name)).startswith(str(settings.MEDIA_ROOT))

    class Field:  # the part of a FieldFile that serve_private and delete_file use
        def __init__(self):
            self.name, self.storage = name, storage

        def __bool__(self):
            return True

        def open(self, mode):
            return storage.open(name, mode)

    response = serve_private(Field(), download_name="document.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == b"%PDF-1.4 hello"
    response.close()
    delete_file(Field())
    assert not (tmp_path / "private" / "tests" / name).exists()
