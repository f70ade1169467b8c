"""Uploaded documents: the type is checked by content (not only the name) against a small
allow-list, the size against UPLOAD_MAX_BYTES, the file is stored under a generated name
(the original name kept for the download), and a refused upload saves nothing: no row and
no file on disk. The portal's upload form and the admin refuse the same."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.uploads import EXTENSIONS, original_name, validate_upload
from decisions.models import AgendaItemDocument, Document
from tests.decisions.factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def _ooxml(part: str) -> bytes:
    return _zip({"[Content_Types].xml": b"<Types/>", f"{part}document.xml": b"<doc/>"})


def _odf(mimetype: str) -> bytes:
    return _zip({"mimetype": mimetype.encode(), "content.xml": b"<office:document/>"})


GOOD = {
    "beslut.pdf": PDF,
    "Skrivelse.DOCX": _ooxml("word/"),
    "budget.xlsx": _ooxml("xl/"),
    "bilder.pptx": _ooxml("ppt/"),
    "rapport.odt": _odf("application/vnd.oasis.opendocument.text"),
    "tabell.ods": _odf("application/vnd.oasis.opendocument.spreadsheet"),
    "karta.png": PNG,
    "foto.jpg": JPEG,
    "foto.jpeg": JPEG,
    "anteckning.txt": "Protokoll från mötet i Östersund\r\n".encode(),
    "lista.csv": "kommun;antal\nÅre;3\n".encode("cp1252"),
    "jamforelse.csv": b"villkor;varde\na < b;3\n",
    "bom.pdf": b"\xef\xbb\xbf" + PDF,
}

# name, content, what the message says
BAD = {
    "script.html": (b"<html><script>alert(1)</script></html>", "are not accepted"),
    "bild.svg": (b"<svg onload='alert(1)'/>", "are not accepted"),
    "program.exe": (b"MZ\x90\x00", "are not accepted"),
    "utan-andelse": (b"%PDF-1.4", "are not accepted"),
    "program.pdf": (b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, "content is not PDF"),
    "sida.pdf": (b"<html><body>hej</body></html>", "content is not PDF"),
    "arkiv.docx": (_zip({"payload.exe": b"MZ"}), "content is not Word"),
    "kalkyl.xlsx": (_ooxml("word/"), "content is not Excel"),
    "trasig.docx": (b"PK\x03\x04 not really a zip", "content is not Word"),
    "text.odt": (_odf("application/vnd.oasis.opendocument.spreadsheet"), "content is not OpenDoc"),
    "bild.png": (JPEG, "content is not PNG"),
    "foto.jpg": (PNG, "content is not JPEG"),
    "binar.txt": (b"abc\x00\x01\x02", "content is not text"),
    "sida.txt": (b"\xef\xbb\xbf<!DOCTYPE html><script>alert(1)</script>", "contains markup"),
    "lista.csv": (b"<svg onload=alert(1)>", "contains markup"),
    # "%PDF-" hidden in an HTML comment: readers look for it in the first kilobyte, but
    # a page with it is a page.
    "kommentar.pdf": (
        b"<!-- %PDF-1.7 --><html><script>alert(1)</script></html>",
        "content is not PDF",
    ),
    "sent.pdf": (b"<html>" + b" " * 500 + b"%PDF-1.4", "content is not PDF"),
    # Markup after the first line (or after the sniffed first 64 KiB) is found too.
    "mitten.csv": (b"kommun;antal\nAre;<script>alert(1)</script>\n", "contains markup"),
    "sent.txt": (b"a" * (70 * 1024) + b"\n<HTML><body>", "contains markup"),
    "ram.txt": (b"Se <iframe src=x>", "contains markup"),
    "tom.pdf": (b"", "empty"),
}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def upload(client, item, name: str, content: bytes, **extra):
    return client.post(
        reverse("decisions:document_create", args=[item.pk]),
        {
            "title": "Beslutsunderlag",
            "kind": "official_memo",
            "file": SimpleUploadedFile(name, content),
            "is_public": "on",
            **extra,
        },
    )


@pytest.fixture
def draft_item():
    return AgendaItemFactory(meeting=MeetingFactory(minutes_status="draft"))


def test_the_allow_list_is_small_and_has_no_markup_or_programs():
    assert set(EXTENSIONS) == {
        "pdf",
        "docx",
        "xlsx",
        "pptx",
        "odt",
        "ods",
        "png",
        "jpg",
        "jpeg",
        "txt",
        "csv",
    }


@pytest.mark.parametrize("name", sorted(GOOD))
def test_an_accepted_file_is_stored_under_a_generated_name_and_downloaded_under_its_own(
    client, planner, media, draft_item, name
):
    client.force_login(planner)
    response = upload(client, draft_item, name, GOOD[name])
    assert response.status_code == 302, response.content.decode()[:2000]
    document = Document.objects.get()
    suffix = Path(name).suffix.lower()
    assert re.fullmatch(rf"documents/\d{{4}}/[0-9a-f]{{32}}\{suffix}", document.file.name)
    assert document.original_filename == name
    assert [p.read_bytes() for p in stored_files(media)] == [GOOD[name]]
    download = client.get(reverse("decisions:document_download", args=[document.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == GOOD[name]
    assert download["Content-Disposition"] == f'attachment; filename="{name}"'


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_refused_file_is_a_form_error_and_saves_nothing(client, planner, media, draft_item, name):
    content, message = BAD[name]
    client.force_login(planner)
    response = upload(client, draft_item, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Document.objects.exists()
    assert not AgendaItemDocument.objects.exists()
    assert stored_files(media) == []


def test_a_file_over_the_size_limit_is_refused_and_saves_nothing(
    client, planner, media, draft_item, settings
):
    settings.UPLOAD_MAX_BYTES = 1024
    client.force_login(planner)
    response = upload(client, draft_item, "stor.pdf", PDF + b"0" * 1024)
    assert response.status_code == 200
    assert "larger than 1.0\xa0KB" in response.content.decode()
    assert not Document.objects.exists()
    assert stored_files(media) == []
    # At the limit it is accepted.
    response = upload(client, draft_item, "lagom.pdf", PDF + b"0" * (1024 - len(PDF)))
    assert response.status_code == 302
    assert Document.objects.count() == 1


def test_the_size_limit_is_25_mb_by_default():
    from django.conf import settings

    assert settings.UPLOAD_MAX_BYTES == 25 * 1024 * 1024


def test_a_path_in_the_upload_name_goes_nowhere(client, planner, media, draft_item):
    client.force_login(planner)
    response = upload(client, draft_item, "../../../etc/cron.d/beslut.pdf", PDF)
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.original_filename == "beslut.pdf"
    (stored,) = stored_files(media)
    assert stored.is_relative_to(media / "documents")


def test_the_form_tells_what_it_takes(client, planner, draft_item):
    client.force_login(planner)
    html = client.get(reverse("decisions:document_create", args=[draft_item.pk])).content.decode()
    assert 'accept=".pdf,.docx,' in html
    assert "at most 25.0\xa0MB" in html


def test_the_admin_refuses_the_same_and_saves_nothing(client, admin_user, media):
    client.force_login(admin_user)
    add = reverse("admin:decisions_document_add")
    response = client.post(
        add,
        {
            "title": "Förklädd",
            "kind": "other",
            "is_public": "on",
            "file": SimpleUploadedFile("rapport.pdf", b"MZ\x90\x00 not a pdf"),
        },
    )
    assert response.status_code == 200
    assert "content is not PDF" in response.content.decode()
    assert not Document.objects.exists()
    assert stored_files(media) == []


def test_the_admin_keeps_the_original_name_of_an_upload(client, admin_user, media):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:decisions_document_add"),
        {
            "title": "Protokoll",
            "kind": "minutes",
            "is_public": "on",
            "file": SimpleUploadedFile("Protokoll RUN 2025-05-13.pdf", PDF),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    document = Document.objects.get()
    assert document.original_filename == "Protokoll RUN 2025-05-13.pdf"
    assert "Protokoll" not in document.file.name


def test_a_stored_file_is_not_checked_again_when_its_record_is_saved(media):
    """A record saved again (its title changed) does not re-read the stored file, which may
    predate the checks or live in object storage."""
    from django.core.files.base import ContentFile

    from tests.decisions.factories import DocumentFactory

    document = DocumentFactory()
    document.file.save("gammal.pdf", ContentFile(b"legacy, not a pdf"), save=True)
    document.title = "Ny titel"
    document.full_clean()


def test_the_validator_refuses_an_unnamed_type_with_a_message_naming_it():
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("makro.xlsm", _ooxml("xl/")))
    assert "“xlsm”" in error.value.messages[0]


@pytest.mark.parametrize(
    "name, kept",
    [
        ("beslut.pdf", "beslut.pdf"),
        ("C:\\Users\\pia\\Beslut 2025.pdf", "Beslut 2025.pdf"),
        ("../../etc/beslut.pdf", "beslut.pdf"),
        ("rad\r\nbrytning.pdf", "radbrytning.pdf"),
        ("nul\x00.pdf", "nul.pdf"),
        ("å" * 300 + ".pdf", "å" * 251 + ".pdf"),
    ],
)
def test_the_original_name_is_kept_without_paths_or_control_characters(name, kept):
    assert original_name(name) == kept
