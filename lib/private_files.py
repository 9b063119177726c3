"""Uploaded documents and photos: checked on the way in, stored outside static/media URLs, served by views.

Nothing uploaded is reachable by URL on its own: a view checks the user's access to the owning record
and then calls `serve()`. Uploads are checked by content, not by name or the browser's content type.
"""

from __future__ import annotations

import io
from typing import cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse
from django.utils.functional import LazyObject
from django.utils.translation import gettext as _

PHOTO_MAX_BYTES = 5 * 1024 * 1024
PDF_MAX_BYTES = 10 * 1024 * 1024
PHOTO_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


class _PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = FileSystemStorage(location=settings.PRIVATE_FILES_ROOT, base_url=None)


# A lazy proxy (the settings are read on first use) that behaves as the FileSystemStorage it wraps.
private_storage = cast(FileSystemStorage, _PrivateStorage())


def storage() -> FileSystemStorage:
    """Callable for `FileField(storage=...)` so migrations do not freeze the path."""
    return private_storage


def _size_error(max_bytes: int) -> ValidationError:
    return ValidationError(
        _("The file is larger than %(size)s MB.") % {"size": max_bytes // (1024 * 1024)}, code="too_large"
    )


def validate_photo(upload, *, max_bytes: int = PHOTO_MAX_BYTES) -> str:
    """Refuse anything but a JPEG, PNG or WebP image within the size limit; return its content type."""
    from PIL import Image, UnidentifiedImageError

    if upload.size > max_bytes:
        raise _size_error(max_bytes)
    upload.seek(0)
    try:
        with Image.open(io.BytesIO(upload.read())) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("The photo must be a JPEG, PNG or WebP image."), code="not_image") from exc
    finally:
        upload.seek(0)
    if kind not in PHOTO_FORMATS:
        raise ValidationError(_("The photo must be a JPEG, PNG or WebP image."), code="not_image")
    return PHOTO_FORMATS[kind]


def validate_pdf(upload, *, max_bytes: int = PDF_MAX_BYTES) -> str:
    """Refuse anything but a PDF (by its content) within the size limit; return its content type."""
    if upload.size > max_bytes:
        raise _size_error(max_bytes)
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if not head.lstrip(b"\x00\t\n\r ").startswith(b"%PDF-"):
        raise ValidationError(_("The document must be a PDF file."), code="not_pdf")
    return "application/pdf"


def serve(fieldfile, *, content_type: str, filename: str, as_attachment: bool = False) -> FileResponse:
    """Stream a stored file to a user whose access the calling view has already checked."""
    response = FileResponse(
        fieldfile.open("rb"), content_type=content_type, as_attachment=as_attachment, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
