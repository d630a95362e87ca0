"""The checks every uploaded file passes, in one place (docs/security.md, V5).

- a size cap per kind of file, read from the settings at each call (so that tests and
  deployments scale it): UPLOAD_MAX_BYTES for import files, UPLOAD_PHOTO_MAX_BYTES and
  UPLOAD_PHOTO_MAX_PIXELS for photos;
- an archive (.xlsx) is measured from its directory before anything parses it: each
  member's unpacked size (UPLOAD_ARCHIVE_MAX_MEMBER_BYTES), all members together
  (UPLOAD_ARCHIVE_MAX_BYTES) and each member's compression ratio
  (UPLOAD_ARCHIVE_MAX_RATIO), so a small file cannot unpack to gigabytes;
- a text file (CSV) must look like text: a known binary signature or a NUL byte in its
  first block refuses it;
- a photo is decoded and encoded again, so what is stored is an image Pillow wrote (no
  HTML, SVG or script in disguise, no metadata), and a declared size over the pixel cap is
  refused before any pixel is decoded;
- every message that may quote the file is bounded (`bounded`).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

DEFAULTS = {
    # A customer register of a million rows is about 150 MB of CSV; a million call lines
    # about 200 MB.
    "UPLOAD_MAX_BYTES": 256 * 1024 * 1024,
    "UPLOAD_ARCHIVE_MAX_MEMBER_BYTES": 512 * 1024 * 1024,
    "UPLOAD_ARCHIVE_MAX_BYTES": 1024 * 1024 * 1024,
    # Spreadsheet XML packs 5-30 times; a zip bomb packs a thousand times and more.
    "UPLOAD_ARCHIVE_MAX_RATIO": 100,
    "UPLOAD_PHOTO_MAX_BYTES": 10 * 1024 * 1024,
    # 40 megapixels: above any phone camera, far below what would exhaust the memory.
    "UPLOAD_PHOTO_MAX_PIXELS": 40_000_000,
}

#: The longest message kept about a file (an error, a rejected line's reason).
MESSAGE_MAX_CHARS = 500

#: Signatures of binary files that are never a CSV (and never text at all).
BINARY_SIGNATURES = (
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF8",
    b"PK\x03\x04",  # zip, .xlsx, .docx
    b"%PDF",
    b"\xd0\xcf\x11\xe0",  # old Office files
    b"RIFF",  # WebP, WAV, AVI
    b"\x1f\x8b",  # gzip
    b"7z\xbc\xaf",
    b"Rar!",
    b"MZ",  # Windows programs
    b"\x7fELF",
)
TEXT_SNIFF_BYTES = 8192

#: Photo formats kept: Pillow's format name → (content type, file extension).
PHOTO_FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}


class UploadRejected(Exception):
    """The file is refused as a whole; the message says why, for the person uploading."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def limit(name: str) -> int:
    """The limit `name` (a key of DEFAULTS) from the settings, else its default."""
    return int(getattr(settings, name, DEFAULTS[name]))


def bounded(text: str, length: int = MESSAGE_MAX_CHARS) -> str:
    """`text` cut to `length` characters, with an ellipsis when it was cut."""
    return text if len(text) <= length else text[: length - 1] + "…"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.3g}"


def check_size(upload: Any, *, setting: str = "UPLOAD_MAX_BYTES") -> None:
    """Refuse a file larger than the limit `setting`."""
    cap = limit(setting)
    size = getattr(upload, "size", None)
    if size is None or size > cap:
        raise UploadRejected(
            _("The file is larger than %(mb)s MB, the most that may be uploaded.")
            % {"mb": _megabytes(cap)}
        )


@deconstructible
class MaxUploadSize:
    """A form or serializer field validator: the file is at most the limit `setting`."""

    def __init__(self, setting: str = "UPLOAD_MAX_BYTES") -> None:
        self.setting = setting

    def __call__(self, upload: Any) -> None:
        try:
            check_size(upload, setting=self.setting)
        except UploadRejected as error:
            raise ValidationError(error.message, code="file_too_large") from error

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MaxUploadSize) and other.setting == self.setting

    def __hash__(self) -> int:
        return hash(self.setting)


@deconstructible
class TextFile:
    """A form or serializer field validator: the file is text (`check_text`)."""

    def __call__(self, upload: Any) -> None:
        try:
            check_text(upload)
        except UploadRejected as error:
            raise ValidationError(error.message, code="not_text") from error

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TextFile)

    def __hash__(self) -> int:
        return hash(TextFile)


def check_archive(source: Any) -> None:
    """Refuse a zip (an .xlsx) that is unreadable or unpacks to more than the limits allow,
    judged from its directory before any member is read. `source` is a path or a file."""
    member_cap = limit("UPLOAD_ARCHIVE_MAX_MEMBER_BYTES")
    total_cap = limit("UPLOAD_ARCHIVE_MAX_BYTES")
    ratio_cap = limit("UPLOAD_ARCHIVE_MAX_RATIO")
    try:
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise UploadRejected(_("This is not a readable .xlsx file.")) from error
    total = 0
    for member in members:
        total += member.file_size
        # A stored (uncompressed) member has ratio 1; an empty one packs to a few bytes.
        packed = max(member.compress_size, 1)
        if (
            member.file_size > member_cap
            or total > total_cap
            or (member.file_size > 1024 * 1024 and member.file_size / packed > ratio_cap)
        ):
            raise UploadRejected(
                _("The file unpacks to more than it may (%(mb)s MB packed as %(packed)s MB).")
                % {"mb": _megabytes(member.file_size), "packed": _megabytes(packed)}
            )


def check_text(stream: IO[bytes]) -> None:
    """Refuse a file whose first block is not text (an image or archive sent as a CSV).
    Reads from the stream's current position and puts it back there."""
    start = stream.tell()
    head = stream.read(TEXT_SNIFF_BYTES)
    stream.seek(start)
    if head.startswith(BINARY_SIGNATURES) or b"\x00" in head:
        raise UploadRejected(_("This is not a text file: send the CSV as it was exported."))


@dataclass(frozen=True)
class Photo:
    """A photo as GridCare encoded it again: safe to store and serve."""

    content: ContentFile[bytes]
    content_type: str
    extension: str
    width: int
    height: int


def photo_reencoded(upload: Any, *, name: str = "") -> Photo:
    """Decode the upload as a JPEG, PNG or WebP image and encode it again, or refuse it
    with a message naming the file. Refused: anything Pillow does not decode as one of
    these (HTML, SVG, a renamed file), more than UPLOAD_PHOTO_MAX_BYTES, or more than
    UPLOAD_PHOTO_MAX_PIXELS declared (refused before decoding a pixel)."""
    name = bounded(name or getattr(upload, "name", "") or "", 80)
    byte_cap, pixel_cap = limit("UPLOAD_PHOTO_MAX_BYTES"), limit("UPLOAD_PHOTO_MAX_PIXELS")
    size = getattr(upload, "size", None)
    if size is None or size > byte_cap:
        raise UploadRejected(
            _("%(name)s: a photo may be at most %(mb)s MB.")
            % {"name": name, "mb": _megabytes(byte_cap)}
        )
    not_a_photo = _("%(name)s is not a JPEG, PNG or WebP photo.") % {"name": name}
    try:
        upload.seek(0)
        with Image.open(upload, formats=list(PHOTO_FORMATS)) as image:
            width, height = image.size
            if width * height > pixel_cap:
                raise UploadRejected(
                    _("%(name)s: %(w)d × %(h)d pixels is more than a photo may have.")
                    % {"name": name, "w": width, "h": height}
                )
            image_format = image.format or ""
            image.load()
            # The orientation is kept in the pixels: the metadata is not copied.
            upright = ImageOps.exif_transpose(image)
            buffer = io.BytesIO()
            if image_format == "JPEG":
                if upright.mode not in ("RGB", "L"):
                    upright = upright.convert("RGB")
                upright.save(buffer, format="JPEG", quality=90)
            else:
                upright.save(buffer, format=image_format)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise UploadRejected(not_a_photo) from error
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise UploadRejected(
            _("%(name)s: more pixels than a photo may have.") % {"name": name}
        ) from error
    content_type, extension = PHOTO_FORMATS[image_format]
    return Photo(ContentFile(buffer.getvalue()), content_type, extension, width, height)
