"""Hostile files through the portal: mislabelled, archive and image bombs, oversized, and file
names that try to climb out of the storage folder.

A bad file is refused with a message that names the problem and nothing at all is saved (no row,
no sealed file). A good file under any name is kept under a random storage name, and the name the
reporter gave comes back without folders, control or direction characters.
"""

import io
import json
import os
import struct
import unicodedata
import zipfile
import zlib

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http.multipartparser import MultiPartParser
from django.test import Client
from django.urls import reverse
from hypothesis import event, given
from hypothesis import strategies as st
from PIL import Image

from baove.lib import crypto
from cases.files import _KNOWN_ENDINGS as KNOWN_ENDINGS
from cases.files import ALLOWED_TYPES, clean_name
from cases.models import Attachment, Petition
from programme.files import check_file
from proofs import strategies as hostile
from proofs.tests.conftest import original_by_receipt, post_multipart, proof, stored_files

pytestmark = pytest.mark.django_db

SUBMIT = reverse("portal:submit")
REPORT = {
    "kind": "denunciation",
    "subject": "corruption",
    "unit": "UBND-HB",
    "content": "Cán bộ thu tiền khi cấp phép; ảnh và biên bản kèm theo.",
    "reporter": "anonymous",
}


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(width: int, height: int) -> bytes:
    """A PNG of a few bytes whose header claims ``width`` × ``height`` pixels."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _png_chunk(b"IEND", b"")
    )


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 64
EXPANDED_LIMIT = 256 * 1024

# (what it is) → (the name it comes under, its bytes): every one must be refused. The first three
# are refused for their name, so they keep it; the others are refused whatever they are called.
NAMED_BAD = ("a PDF named .docx", "a PNG named .pdf", "a zip named .pdf")
BAD_FILES = {
    "an executable named .pdf": ("bằng chứng.pdf", EXE),
    "an executable without a name ending": ("hoso", EXE),
    "a zip named .pdf": ("bien-ban.pdf", _zip({"a.txt": b"x"})),
    "a plain zip": ("tai-lieu.zip", _zip({"a.txt": b"x"})),
    "a PDF named .docx": ("don.docx", PDF),
    "a PNG named .pdf": ("anh.pdf", _png()),
    "a Word file that expands too much": (
        "bao-cao.docx",
        _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b" " * (EXPANDED_LIMIT + 1)}),
    ),
    "a Word file of too many parts": (
        "nhieu-phan.docx",
        _zip({"[Content_Types].xml": b"<Types/>", **{f"word/p{index}.xml": b"" for index in range(5001)}}),
    ),
    "a PNG of 30000 × 30000 pixels": ("anh.png", png_claiming(30_000, 30_000)),
    "a PNG over the pixel limit only": ("anh-lon.png", png_claiming(9_000, 9_000)),
    "a truncated PNG": ("hong.png", _png()[:40]),
    "broken UTF-8 text": ("ghi-chu.txt", "Nguyễn".encode() + b"\xc3\x28\xff"),
    "text with a NUL byte": ("ghi-chu.txt", b"abc\x00def"),
    "an empty file": ("rong.txt", b""),
}
# What it is → (its bytes, the type read from them).
GOOD_FILES = {
    "PDF": (PDF, "application/pdf"),
    "PNG": (_png(), "image/png"),
    "Word": (DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "Vietnamese text in NFD": (
        unicodedata.normalize("NFD", "Biên bản: Nguyễn Thị Ánh Tuyết\n").encode(),
        "text/plain",
    ),
}


def name_says_another_type(name: str, content_type: str) -> bool:
    """The documented rule: a name ending that belongs to another accepted type is refused."""
    ending = os.path.splitext(clean_name(name))[1].lower()
    return ending in KNOWN_ENDINGS and ending not in ALLOWED_TYPES[content_type][1]


@pytest.fixture
def small_caps(settings):
    settings.EVIDENCE_MAX_EXPANDED_BYTES = EXPANDED_LIMIT
    settings.EVIDENCE_MAX_FILE_BYTES = 64 * 1024
    settings.EVIDENCE_MAX_TOTAL_BYTES = 96 * 1024


def snapshot() -> tuple:
    return Petition.objects.count(), Attachment.objects.count(), stored_files(settings.MEDIA_ROOT)


def assert_nothing_saved(response, before: tuple) -> None:
    assert response.status_code == 400, response.content
    errors = response.context["form"].errors.get("evidence")
    assert errors and all(message.strip() for message in errors)
    assert snapshot() == before, "a refused report left rows or files behind"


@pytest.mark.parametrize("bad", sorted(BAD_FILES))
@proof(max_examples=4)
@given(name=st.one_of(st.none(), hostile.file_name()))
def test_every_bad_file_is_refused_and_nothing_is_saved(people, small_caps, bad, name):
    default_name, data = BAD_FILES[bad]
    before = snapshot()
    # A name Django drops as meaningless ("..", only control characters) drops the file with it.
    dropped = name is None or MultiPartParser.sanitize_file_name(None, name) is None
    upload = default_name if bad in NAMED_BAD or dropped else name
    response = post_multipart(Client(), SUBMIT, REPORT, [("evidence", upload, data)])

    assert_nothing_saved(response, before)


def test_a_file_just_over_the_cap_stops_the_upload_and_one_at_the_cap_is_kept(people, small_caps):
    cap, empty = settings.EVIDENCE_MAX_FILE_BYTES, snapshot()
    over = post_multipart(Client(), SUBMIT, REPORT, [("evidence", "dai.txt", b"a" * (cap + 1))])
    assert_nothing_saved(over, empty)

    together = [("evidence", f"phan-{index}.txt", b"b" * (cap // 2 + 1)) for index in range(3)]
    assert_nothing_saved(post_multipart(Client(), SUBMIT, REPORT, together), empty)

    at_cap = post_multipart(Client(), SUBMIT, REPORT, [("evidence", "du.txt", b"a" * cap)])
    assert at_cap.status_code == 200
    assert Attachment.objects.get().size == cap


def _stored_name(petition: Petition, private: bytes, attachment: Attachment) -> str:
    meta = crypto.open_for(bytes(attachment.sealed_meta), private, context=petition.context("file-meta"))
    return json.loads(meta)["name"]


@proof(max_examples=40)
@given(name=hostile.file_name(), kind=st.sampled_from(sorted(GOOD_FILES)))
def test_a_good_file_under_any_name_is_kept_under_a_safe_name(people, kind, name):
    data, content_type = GOOD_FILES[kind]
    before = snapshot()
    response = post_multipart(Client(), SUBMIT, REPORT, [("evidence", name, data)])

    received = MultiPartParser.sanitize_file_name(None, name)  # None: Django drops the file
    refused = received is not None and name_says_another_type(received, content_type)
    event("refused for its name" if refused else "kept")
    if refused:
        assert_nothing_saved(response, before)
        return
    assert response.status_code == 200, response.content
    petition, _original, private = original_by_receipt(response.context["receipt"].text)
    assert petition.attachments.count() == (received is not None)
    for attachment in petition.attachments.all():
        stored = _stored_name(petition, private, attachment)
        assert stored and len(stored) <= 150
        assert "/" not in stored and "\\" not in stored and not stored.startswith(".")
        assert all(unicodedata.category(char)[0] != "C" for char in stored), repr(stored)
        assert stored == unicodedata.normalize("NFC", stored)
        assert attachment.sealed_name.startswith("sealed/") and ".." not in attachment.sealed_name
    for path in stored_files(settings.MEDIA_ROOT):
        assert path.startswith("sealed/") and len(path) == len("sealed/") + 32


@pytest.mark.parametrize("bad", sorted(BAD_FILES))
def test_programme_documents_refuse_the_same_bad_files(settings, bad):
    """Plans and progress reports take PDF, Word and ODT only, checked the same way."""
    settings.EVIDENCE_MAX_EXPANDED_BYTES = EXPANDED_LIMIT
    name, data = BAD_FILES[bad]
    with pytest.raises(ValidationError) as refused:
        check_file(name, data)
    assert all(message.strip() for message in refused.value.messages)


@proof()
@given(name=hostile.file_name())
def test_programme_documents_keep_a_safe_name(name):
    checked = check_file(name, PDF)
    assert "/" not in checked.name and "\\" not in checked.name
    assert all(unicodedata.category(char)[0] != "C" for char in checked.name)
    assert checked.content().name.endswith(".pdf") and "/" not in checked.content().name
