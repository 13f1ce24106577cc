"""Evidence files: the type is read from the content, never from the name or the browser's word."""

import io
import os
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass

import puremagic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps, UnidentifiedImageError

# Detected type → (label, the name endings that type may carry).
ALLOWED_TYPES = {
    "application/pdf": ("PDF", {".pdf"}),
    "image/jpeg": ("JPEG", {".jpg", ".jpeg", ".jfif"}),
    "image/png": ("PNG", {".png"}),
    "image/webp": ("WebP", {".webp"}),
    "text/plain": (gettext_lazy("text"), {".txt", ".text", ""}),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("Word", {".docx"}),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("Excel", {".xlsx"}),
    "application/vnd.oasis.opendocument.text": ("ODT", {".odt"}),
    "audio/mpeg": ("MP3", {".mp3"}),
    "audio/mp4": ("M4A", {".m4a"}),
    "video/mp4": ("MP4", {".mp4", ".m4v"}),
}
IMAGE_TYPES = {"image/jpeg", "image/png", "image/webp"}
_ZIP_TYPES = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_KNOWN_ENDINGS = {ending for _label, endings in ALLOWED_TYPES.values() for ending in endings if ending}


@dataclass(frozen=True)
class EvidenceFile:
    name: str
    content_type: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)


def clean_name(name: str) -> str:
    """The file's own name, without any folder part, control character or odd Unicode form."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().lstrip(".")
    return name[:150] or "tep"


def _sniff(data: bytes) -> str | None:
    if data.startswith(b"PK\x03\x04"):
        return _zip_type(data)
    try:
        detected = puremagic.from_string(data, mime=True)
    except puremagic.PureError:
        detected = ""
    if detected in ALLOWED_TYPES:
        return detected
    if data[4:8] == b"ftyp":
        brand = data[8:12]
        return "audio/mp4" if brand in (b"M4A ", b"M4B ") else "video/mp4"
    if data.startswith(b"ID3") or data[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return "audio/mpeg"
    if _is_text(data):
        return "text/plain"
    return None


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _zip_type(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            expanded = sum(member.file_size for member in members)
            if expanded > settings.EVIDENCE_MAX_EXPANDED_BYTES or len(members) > 5000:
                raise ValidationError(_("The archive inside this document expands too much to be safe."))
            names = [member.filename for member in members]
            if "mimetype" in names and archive.read("mimetype").strip() == b"application/vnd.oasis.opendocument.text":
                return "application/vnd.oasis.opendocument.text"
    except zipfile.BadZipFile:
        return None
    for prefix, content_type in _ZIP_TYPES.items():
        if any(name.startswith(prefix) for name in names):
            return content_type
    return None


def _check_image(data: bytes) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
                if image.width * image.height > settings.EVIDENCE_MAX_IMAGE_PIXELS:
                    raise ValidationError(_("The image is too large (too many pixels)."))
                image.verify()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise ValidationError(_("The image is too large (too many pixels).")) from error
        except (UnidentifiedImageError, OSError, SyntaxError) as error:
            raise ValidationError(_("The image is damaged or not really an image.")) from error


def inspect(name: str, data: bytes) -> EvidenceFile:
    """Validate one uploaded file, or raise a ValidationError that names it."""
    name = clean_name(name)
    if not data:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name})
    if len(data) > settings.EVIDENCE_MAX_FILE_BYTES:
        raise ValidationError(
            _("“%(name)s” is larger than %(limit)s MB.")
            % {"name": name, "limit": settings.EVIDENCE_MAX_FILE_BYTES // 2**20}
        )
    try:
        content_type = _sniff(data)
    except ValidationError as error:
        raise ValidationError(f"“{name}”: {' '.join(error.messages)}") from error
    if content_type is None:
        raise ValidationError(
            _("“%(name)s” is of a type that is not accepted. Send PDF, images, Word, Excel, text, audio or video.")
            % {"name": name}
        )
    ending = os.path.splitext(name)[1].lower()
    label, endings = ALLOWED_TYPES[content_type]
    if ending in _KNOWN_ENDINGS and ending not in endings:
        raise ValidationError(
            _(
                "“%(name)s” is named like a %(ending)s file but its content is %(label)s. "
                "Check the file and send it again."
            )
            % {"name": name, "ending": ending, "label": label}
        )
    if content_type in IMAGE_TYPES:
        try:
            _check_image(data)
        except ValidationError as error:
            raise ValidationError(f"“{name}”: {' '.join(error.messages)}") from error
    return EvidenceFile(name=name, content_type=content_type, data=data)


def inspect_all(uploads) -> list[EvidenceFile]:
    """All the files of one form, with every problem reported at once."""
    uploads = list(uploads)
    if len(uploads) > settings.EVIDENCE_MAX_FILES:
        raise ValidationError(_("Send at most %(count)d files at a time.") % {"count": settings.EVIDENCE_MAX_FILES})
    files, errors = [], []
    for upload in uploads:
        try:
            files.append(inspect(upload.name, upload.read()))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
    return files


def strip_image(data: bytes, content_type: str) -> tuple[bytes, str]:
    """Re-encode an image from its pixels alone: no EXIF, no GPS, no comments, upright."""
    with Image.open(io.BytesIO(data)) as image:
        upright = ImageOps.exif_transpose(image)
        out = io.BytesIO()
        if content_type == "image/jpeg":
            upright.convert("RGB").save(out, format="JPEG", quality=90)
            return out.getvalue(), "image/jpeg"
        if upright.mode not in ("RGB", "RGBA", "L", "LA"):
            upright = upright.convert("RGBA")
        upright.save(out, format="PNG")
        return out.getvalue(), "image/png"
