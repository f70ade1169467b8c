"""
Uploaded files: a small allow-list of document types, each checked by its content (the first
bytes, and for the zip-based office formats the members that make them what they are), not
only by the extension, and a size limit (``UPLOAD_MAX_BYTES``, 25 MB by default).

Files are stored under generated names (see ``decisions.models.document_upload_to``); the
name the user gave is kept on the record only as metadata, for the download's
``Content-Disposition``. A refused upload raises ``ValidationError`` before anything is
written, so nothing is saved.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# How much of a text file is looked at to decide that it is text.
TEXT_SNIFF_BYTES = 64 * 1024
# Markup that a browser would run as a page or an image with scripts, if ever served inline
# (or sniffed as HTML by an old browser, which looks past the start): refused anywhere in a
# text file. A lone "<" (a < b in a CSV cell) is text.
_MARKUP = (
    b"<!doctype",
    b"<html",
    b"<head",
    b"<body",
    b"<script",
    b"<svg",
    b"<?xml",
    b"<iframe",
    b"<object",
    b"<embed",
    b"<meta",
    b"<img",
    b"<style",
    b"<link",
    b"<base",
    b"<form",
)
_MARKUP_CHUNK = 1024 * 1024


def _header(upload, size: int) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def _is_pdf(upload) -> bool:
    # The signature belongs at offset 0. Readers also accept it later within the first
    # kilobyte (after a BOM or junk), so that is accepted too, but only with no markup
    # before it: an HTML page that hides "%PDF-" in a comment is a page, not a PDF.
    head = _header(upload, 1024)
    position = head.find(b"%PDF-")
    return position == 0 or (position > 0 and b"<" not in head[:position])


def _has_markup(upload) -> bool:
    """Is there markup (``_MARKUP``, any case) anywhere in the file? Read in chunks that
    overlap by the longest marker, so that none is missed at a chunk's edge."""
    overlap = max(len(marker) for marker in _MARKUP)
    upload.seek(0)
    tail = b""
    try:
        while chunk := upload.read(_MARKUP_CHUNK):
            window = (tail + chunk).lower()
            if any(marker in window for marker in _MARKUP):
                return True
            tail = window[-overlap:]
        return False
    finally:
        upload.seek(0)


def _is_png(upload) -> bool:
    return _header(upload, 8) == b"\x89PNG\r\n\x1a\n"


def _is_jpeg(upload) -> bool:
    return _header(upload, 3) == b"\xff\xd8\xff"


def _zip_members(upload) -> zipfile.ZipFile | None:
    if _header(upload, 4) != b"PK\x03\x04":
        return None
    try:
        return zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)


def _ooxml(part: str) -> Callable:
    """Office Open XML (docx, xlsx, pptx): a zip with ``[Content_Types].xml`` and the
    application's part (``word/``, ``xl/``, ``ppt/``)."""

    def check(upload) -> bool:
        archive = _zip_members(upload)
        if archive is None:
            return False
        with archive:
            names = archive.namelist()
        return "[Content_Types].xml" in names and any(n.startswith(part) for n in names)

    return check


def _odf(mimetype: str) -> Callable:
    """OpenDocument (odt, ods): a zip whose ``mimetype`` member names the type."""

    def check(upload) -> bool:
        archive = _zip_members(upload)
        if archive is None:
            return False
        with archive:
            try:
                info = archive.getinfo("mimetype")
            except KeyError:
                return False
            if info.file_size > 200:
                return False
            try:
                return archive.read(info).strip() == mimetype.encode("ascii")
            except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
                return False
            finally:
                upload.seek(0)

    return check


def _is_text(upload) -> bool:
    """Plain text or CSV: UTF-8 (with or without BOM) or a single-byte Windows/Latin-1 file
    as Excel writes it, with no NUL byte and no markup that a browser would run (that is
    refused with its own message)."""
    head = _header(upload, TEXT_SNIFF_BYTES)
    if b"\x00" in head:
        return False
    controls = set(range(32)) - {9, 10, 12, 13}
    if any(byte in controls for byte in head):
        return False
    if _has_markup(upload):
        raise ValidationError(
            _("The file contains markup (HTML, SVG or XML), which a text file may not."),
            code="markup",
        )
    return True


# Extension → (what it is called in messages, the content check).
ACCEPTED: dict[str, tuple[str, Callable]] = {
    "pdf": ("PDF", _is_pdf),
    "docx": ("Word (docx)", _ooxml("word/")),
    "xlsx": ("Excel (xlsx)", _ooxml("xl/")),
    "pptx": ("PowerPoint (pptx)", _ooxml("ppt/")),
    "odt": ("OpenDocument text (odt)", _odf("application/vnd.oasis.opendocument.text")),
    "ods": (
        "OpenDocument spreadsheet (ods)",
        _odf("application/vnd.oasis.opendocument.spreadsheet"),
    ),
    "png": ("PNG", _is_png),
    "jpg": ("JPEG", _is_jpeg),
    "jpeg": ("JPEG", _is_jpeg),
    "txt": ("text", _is_text),
    "csv": ("CSV", _is_text),
}
EXTENSIONS = tuple(ACCEPTED)


def original_name(name: str) -> str:
    """The name a file came with, as kept for its download: the last path part, without
    control characters, at most 255 characters (the extension kept)."""
    name = PurePath(name.replace("\\", "/")).name
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    if len(name) > 255:
        suffix = PurePath(name).suffix[:10]
        name = name[: 255 - len(suffix)] + suffix
    return name


def max_upload_bytes() -> int:
    return settings.UPLOAD_MAX_BYTES


@deconstructible
class UploadValidator:
    """Checks a newly uploaded file: size, extension, content. A file already stored (an
    unchanged FileField on a record being saved again) is not read again."""

    def __call__(self, value) -> None:
        if not isinstance(value, File) or not value or getattr(value, "_committed", False):
            return
        upload = getattr(value, "file", value)
        limit = max_upload_bytes()
        if value.size is not None and value.size > limit:
            raise ValidationError(
                _("The file is larger than %(size)s."),
                code="too_large",
                params={"size": filesizeformat(limit)},
            )
        if not value.size:
            raise ValidationError(_("The file is empty."), code="empty")
        extension = PurePath(value.name or "").suffix.lower().lstrip(".")
        if extension not in ACCEPTED:
            raise ValidationError(
                _("Files of type “%(extension)s” are not accepted; accepted are %(accepted)s."),
                code="extension",
                params={"extension": extension or "?", "accepted": ", ".join(EXTENSIONS)},
            )
        kind, check = ACCEPTED[extension]
        if not check(upload):
            raise ValidationError(
                _("The file is named .%(extension)s but its content is not %(kind)s."),
                code="content",
                params={"extension": extension, "kind": kind},
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, UploadValidator)

    def __hash__(self) -> int:
        return hash(UploadValidator)


validate_upload = UploadValidator()
