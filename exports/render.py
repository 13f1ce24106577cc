"""One filled report → the bytes of the file a job produces (Word, Excel, PDF, or all three zipped)."""

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from exports import layout
from exports.docx import DOCX_CONTENT_TYPE, render_docx
from exports.models import ExportKind
from exports.pdf import PDF_CONTENT_TYPE, render_pdf
from exports.xlsx import XLSX_CONTENT_TYPE, render_xlsx
from reporting.document import FilledReport

ZIP_CONTENT_TYPE = "application/zip"

# kind → (renderer, content type, extension, what the progress line says)
FORMATS: dict[str, tuple[Callable[[FilledReport], bytes], str, str, str]] = {
    ExportKind.DOCX: (render_docx, DOCX_CONTENT_TYPE, "docx", "Word"),
    ExportKind.XLSX: (render_xlsx, XLSX_CONTENT_TYPE, "xlsx", "Excel"),
    ExportKind.PDF: (render_pdf, PDF_CONTENT_TYPE, "pdf", "PDF"),
}
ZIP_PARTS = (ExportKind.DOCX, ExportKind.XLSX, ExportKind.PDF)


@dataclass(frozen=True)
class Output:
    data: bytes
    filename: str
    content_type: str


def steps(kind: str) -> int:
    """How many rendering steps a job of ``kind`` takes (after its builder's)."""
    return len(ZIP_PARTS) if kind == ExportKind.ZIP else 1


def render(kind: str, report: FilledReport, step: Callable[[int, str], None] | None = None) -> Output:
    """``step(index, format name)`` is called before each format is rendered (index from 0)."""
    step = step or (lambda index, name: None)
    stem = layout.file_stem(report)
    if kind == ExportKind.ZIP:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for index, part in enumerate(ZIP_PARTS):
                renderer, _, extension, name = FORMATS[part]
                step(index, name)
                archive.writestr(f"{stem}.{extension}", renderer(report))
        return Output(buffer.getvalue(), f"{stem}.zip", ZIP_CONTENT_TYPE)
    try:
        renderer, content_type, extension, name = FORMATS[kind]
    except KeyError:
        raise ValueError(f"Unknown export format {kind!r}.") from None
    step(0, name)
    return Output(renderer(report), f"{stem}.{extension}", content_type)
