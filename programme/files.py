"""The file of a document or a progress report: PDF, Word (DOCX or the old DOC) or ODT, recognised
by its content, never by its name or the browser's word; capped in size."""

import io
import os
import uuid
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from cases.files import clean_name

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOC = "application/msword"
ODT = "application/vnd.oasis.opendocument.text"
# Detected type → the name endings it may carry (the first is given to a name without one).
ENDINGS = {PDF: (".pdf",), DOCX: (".docx",), DOC: (".doc",), ODT: (".odt",)}
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    data: bytes

    def content(self) -> ContentFile:
        """The bytes under a random stored name (the person's name for the file is kept apart)."""
        return ContentFile(self.data, name=f"{uuid.uuid4().hex}{ENDINGS[self.content_type][0]}")


def _zip_type(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if sum(m.file_size for m in members) > settings.EVIDENCE_MAX_EXPANDED_BYTES or len(members) > 5000:
                raise ValidationError(_("The archive inside this document expands too much to be safe."))
            names = {m.filename for m in members}
            if "mimetype" in names and archive.read("mimetype").strip() == ODT.encode():
                return ODT
    except zipfile.BadZipFile:
        return None
    if "[Content_Types].xml" in names and any(name.startswith("word/") for name in names):
        return DOCX
    return None


def sniff(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(_OLE2):
        return DOC
    if data.startswith(b"PK\x03\x04"):
        return _zip_type(data)
    return None


def check_file(name: str, data: bytes) -> CheckedFile:
    """Validate one uploaded file, or raise a ValidationError that names it."""
    name = clean_name(name)
    if not data:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name})
    limit = settings.EVIDENCE_MAX_FILE_BYTES
    if len(data) > limit:
        raise ValidationError(_("“%(name)s” is larger than %(limit)s MB.") % {"name": name, "limit": limit // 2**20})
    content_type = sniff(data)
    if content_type is None:
        raise ValidationError(_("“%(name)s” is not a PDF, Word or ODT document.") % {"name": name})
    ending = os.path.splitext(name)[1].lower()
    known = {e for endings in ENDINGS.values() for e in endings}
    if ending in known and ending not in ENDINGS[content_type]:
        raise ValidationError(
            _("“%(name)s” is named like a %(ending)s file but its content is not. Check the file and send it again.")
            % {"name": name, "ending": ending}
        )
    if ending not in known:
        name = f"{name}{ENDINGS[content_type][0]}"[:150]
    return CheckedFile(name=name, content_type=content_type, data=data)
