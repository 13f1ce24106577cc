"""Document files are recognised by their content and capped in size."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document as WordDocument

from programme.files import DOC, DOCX, PDF, check_file
from programme.models import Document, DocumentKind

from .conftest import PDF_BYTES


def _docx() -> bytes:
    buffer = io.BytesIO()
    word = WordDocument()
    word.add_paragraph("Kế hoạch")
    word.save(buffer)
    return buffer.getvalue()


def test_pdf_word_and_old_word_are_accepted():
    assert check_file("ke-hoach.pdf", PDF_BYTES).content_type == PDF
    assert check_file("ke-hoach.docx", _docx()).content_type == DOCX
    assert check_file("ke-hoach.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100).content_type == DOC
    assert check_file("ke-hoach", PDF_BYTES).name == "ke-hoach.pdf"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("anh.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 50),
        ("ke-hoach.docx", PDF_BYTES),
        ("trong.pdf", b""),
        ("tep.txt", b"chi la van ban"),
    ],
)
def test_other_content_is_refused(name, data):
    with pytest.raises(ValidationError):
        check_file(name, data)


@pytest.mark.django_db
def test_an_upload_past_the_cap_is_refused_with_a_message(people, units, client_for, settings):
    settings.EVIDENCE_MAX_FILE_BYTES = 2048
    response = client_for(people.reporting).post(
        reverse("programme:document_create"),
        {
            "kind": DocumentKind.PLAN,
            "number": "81-KH/TU",
            "issued_on": "08/05/2026",
            "title": "Kế hoạch",
            "issuer": units.province.pk,
            "file": SimpleUploadedFile("lon.pdf", PDF_BYTES + b"0" * 5000),
        },
    )
    assert response.status_code == 200
    assert not Document.objects.filter(number="81-KH/TU").exists()
