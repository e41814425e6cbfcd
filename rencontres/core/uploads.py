"""Files that participants, partners and speakers send: checked by their content, images
re-encoded (metadata such as GPS positions dropped), and kept outside MEDIA_ROOT so that no
guessable public address serves them. Each app serves its files through a view that checks
who asks, then calls `serve_private`.

One set of rules for every upload (label applications, speakers' documents, partners' logos,
B2B photos, message attachments), so that a fix reaches all of them.
"""

import io
import mimetypes
import os
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MB = 1024 * 1024

# Pillow format → extension kept on disk. Anything else is refused: no SVG (scripts), no GIF.
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# A decompression bomb (a small file that opens as a huge image) is refused before decoding.
MAX_IMAGE_PIXELS = 40_000_000


def private_root():
    """Read at each use, so that tests and deployments can move it through settings."""
    return Path(getattr(settings, "PRIVATE_ROOT", settings.VAR_DIR / "private"))


@deconstructible(path="rencontres.core.uploads.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    """Files under PRIVATE_ROOT/<folder>. `url` is left unset on purpose: each app links to its
    own checking view."""

    def __init__(self, folder):
        self.folder = folder
        super().__init__()

    @property
    def base_location(self):
        return private_root() / self.folder

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def __eq__(self, other):
        return isinstance(other, PrivateStorage) and other.folder == self.folder


def random_name(folder, extension):
    """A file name nobody can guess or derive from the person (upload_to helper)."""
    return f"{folder}/{uuid.uuid4().hex}.{extension}"


def _check_size(upload, max_bytes):
    if upload.size > max_bytes:
        raise ValidationError(
            _("This file is larger than %(size)d MB."),
            code="too_large",
            params={"size": max_bytes // MB},
        )


def clean_pdf(upload, max_bytes=10 * MB):
    """The upload, if it really is a PDF (by its first bytes, never by its name)."""
    _check_size(upload, max_bytes)
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        raise ValidationError(_("This file is not a PDF document."), code="not_pdf")
    return upload


def clean_image(upload, max_bytes=5 * MB):
    """A new file holding the image re-encoded by Pillow: what a camera or editor added
    (EXIF with GPS, comments, embedded scripts) does not survive. Orientation is applied first
    so that the picture stays upright."""
    _check_size(upload, max_bytes)
    upload.seek(0)
    try:
        with Image.open(upload) as probe:
            image_format = probe.format
            if image_format not in IMAGE_FORMATS:
                raise ValidationError(
                    _("Send the image as JPEG, PNG or WebP."), code="image_format"
                )
            if probe.width * probe.height > MAX_IMAGE_PIXELS:
                raise ValidationError(_("This image is too large."), code="image_pixels")
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as original:
            image = ImageOps.exif_transpose(original)
            if image_format == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            out = io.BytesIO()
            image.save(out, format=image_format)  # no exif=, no info: metadata dropped
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(
            _("This file is not an image we can read."), code="not_image"
        ) from None
    finally:
        upload.seek(0)
    stem = Path(getattr(upload, "name", "") or "image").stem or "image"
    return ContentFile(out.getvalue(), name=f"{stem}.{IMAGE_FORMATS[image_format]}")


def clean_document(upload, max_bytes=10 * MB):
    """A PDF kept as sent, or an image re-encoded."""
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        return clean_pdf(upload, max_bytes)
    try:
        return clean_image(upload, max_bytes)
    except ValidationError as error:
        if error.code == "too_large":
            raise
        raise ValidationError(
            _("Send a PDF document or an image (JPEG, PNG or WebP)."), code="document_type"
        ) from None


def serve_private(field_file, download_name=None):
    """The stored file as a response, once the caller has checked who asks (404 if gone).
    Never rendered inline as HTML: the type comes from the extension we chose when storing."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = mimetypes.guess_type(field_file.name)[0] or "application/octet-stream"
    if not (content_type.startswith("image/") or content_type == "application/pdf"):
        content_type = "application/octet-stream"
    response = FileResponse(
        handle,
        content_type=content_type,
        as_attachment=download_name is not None,
        filename=download_name or "",
    )
    # Personal data: browsers may keep it a while, shared caches never.
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def delete_file(field_file):
    """Remove the file from disk (not only the link to it), as erasure and retention need."""
    if field_file:
        field_file.storage.delete(field_file.name)
