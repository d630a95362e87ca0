"""The checks every upload passes (gridcare.core.uploads, docs/security.md V5), and the
hostile files that show them: built here, small, so that any test can use them."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from gridcare.core import uploads

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


def png(size: tuple[int, int] = (16, 12)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "green").save(out, format="PNG")
    return out.getvalue()


def jpeg_with_a_payload() -> bytes:
    """A real JPEG with an HTML page appended (a polyglot): it decodes as an image."""
    out = io.BytesIO()
    Image.new("RGB", (16, 12), "blue").save(out, format="JPEG")
    return out.getvalue() + HTML


def png_declaring(width: int, height: int) -> bytes:
    """A PNG whose header declares width × height pixels, with (almost) no pixel data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00"))
        + chunk(b"IEND", b"")
    )


def photo(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


@pytest.mark.parametrize(
    ("name", "content"),
    [("x.svg", SVG), ("x.png", SVG), ("x.jpg", HTML), ("x.html", HTML), ("x.jpg", b"")],
)
def test_what_is_not_a_photo_is_refused_naming_the_file(name: str, content: bytes) -> None:
    with pytest.raises(uploads.UploadRejected) as refused:
        uploads.photo_reencoded(photo(name, content))
    assert name in refused.value.message


@pytest.mark.parametrize(("width", "height"), [(30000, 30000), (7000, 7000)])
def test_a_photo_declaring_too_many_pixels_is_refused_before_decoding(
    width: int, height: int
) -> None:
    with pytest.raises(uploads.UploadRejected) as refused:
        uploads.photo_reencoded(photo("huge.png", png_declaring(width, height)))
    assert "huge.png" in refused.value.message


def test_a_photo_is_stored_as_encoded_again_without_what_was_appended() -> None:
    checked = uploads.photo_reencoded(photo("page.html", jpeg_with_a_payload()))
    stored = checked.content.read()
    assert (checked.content_type, checked.extension) == ("image/jpeg", "jpg")
    assert b"<script>" not in stored and Image.open(io.BytesIO(stored)).size == (16, 12)


def test_the_photo_limits_come_from_the_settings(settings) -> None:
    settings.UPLOAD_PHOTO_MAX_PIXELS = 16 * 12 - 1
    with pytest.raises(uploads.UploadRejected):
        uploads.photo_reencoded(photo("a.png", png()))
    settings.UPLOAD_PHOTO_MAX_PIXELS = 16 * 12
    settings.UPLOAD_PHOTO_MAX_BYTES = len(png()) - 1
    with pytest.raises(uploads.UploadRejected):
        uploads.photo_reencoded(photo("a.png", png()))
    settings.UPLOAD_PHOTO_MAX_BYTES = len(png())
    assert uploads.photo_reencoded(photo("a.png", png())).extension == "png"


def test_a_bounded_message_keeps_its_start_and_says_it_was_cut() -> None:
    assert uploads.bounded("short") == "short"
    cut = uploads.bounded("x" * 10_000)
    assert len(cut) == uploads.MESSAGE_MAX_CHARS and cut.endswith("…")
