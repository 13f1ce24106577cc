"""A filled report as PDF, rendered by WeasyPrint from ``exports/report_pdf.html``.

WeasyPrint never fetches anything: the template carries its own CSS, and the URL fetcher refuses
every URL but ``data:``. The texts are escaped by the template engine, so a narrative cannot add
markup, let alone an image or a stylesheet to load.
"""

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from exports import layout
from reporting.document import FilledAppendix, FilledReport

PDF_CONTENT_TYPE = "application/pdf"
SHORT_TEXT = 5  # "1", "2.1", "a)": a numbering cell, centred


class DataOnlyFetcher(URLFetcher):
    """Serves ``data:`` URIs and refuses everything else (file, http, https, ftp …)."""

    def __init__(self, **kwargs):
        super().__init__(allowed_protocols=("data",), fail_on_errors=False, **kwargs)

    def fetch(self, url, headers=None):
        if not url.lower().startswith("data:"):
            raise ValueError("Only data: URIs may be loaded into an export.")
        return super().fetch(url, headers)


def _items(section) -> list[dict]:
    items = []
    for field in section.fields:
        if field.kind == "figure":
            note = layout.override_note(field.computed, field.note) if field.overridden else ""
            items.append({"kind": "figure", "line": layout.figure_line(field), "note": note})
            continue
        label = layout.narrative_label(section, field)
        if label:
            items.append({"kind": "text", "text": label})
        items.extend({"kind": "text", "text": line} for line in layout.paragraphs(field.text))
        for contribution in field.contributions:
            lines = layout.paragraphs(contribution.text) or [layout.MISSING]
            items.append(
                {
                    "kind": "contribution",
                    "unit": layout.clean(contribution.unit_name.strip()),
                    "first": lines[0],
                    "rest": lines[1:],
                }
            )
    return items


def _appendix(report: FilledReport, appendix: FilledAppendix) -> dict:
    laid = layout.grid(appendix)
    rows: list[list[dict]] = [[] for _ in range(laid.rows)]
    for placed in sorted(laid.cells, key=lambda placed: (placed.row, placed.column)):
        source = placed.cell
        classes = [name for flag, name in ((source.bold, "b"), (source.italic, "i")) if flag]
        if source.is_number and not placed.header:
            classes.append("number")
        elif not placed.header and len(layout.cell_text(source).strip()) <= SHORT_TEXT:
            classes.append("c")
        # A wholly italic cell takes the class "i"; <em> marks the italic words of the others.
        lines = [
            [{"text": text, "italic": italic and not source.italic} for text, italic in line]
            for line in layout.cell_lines(source)
        ]
        rows[placed.row].append(
            {
                "lines": lines,
                "rowspan": placed.rowspan,
                "colspan": placed.colspan,
                "classes": " ".join(classes),
            }
        )
    return {
        "heading": layout.appendix_heading(appendix),
        "title": layout.clean(appendix.title.strip()),
        "reference": layout.appendix_reference(report),
        "header": rows[: laid.header_rows],
        "body": rows[laid.header_rows :],
        "notes": layout.table_notes(appendix),
    }


def report_context(report: FilledReport) -> dict:
    word, title = layout.title_lines(report)
    return {
        "party": layout.is_party(report),
        "parent": layout.clean(layout.upper(report.parent_unit_name)),
        "unit": layout.clean(layout.upper(report.unit_name)),
        "number_line": layout.clean(layout.number_line(report)),
        "date_line": layout.clean(layout.date_line(report)),
        "party_name": layout.PARTY_NAME,
        "state_name": layout.STATE_NAME,
        "state_motto": layout.STATE_MOTTO,
        "word": word,
        "title": layout.clean(title),
        "window": layout.window_line(report),
        "sections": [
            {
                "level": min(placed.level, 3),
                "heading": layout.clean(layout.heading(placed.section)),
                "guidance": layout.paragraphs(placed.section.guidance),
                "items": _items(placed.section),
            }
            for placed in layout.walk(report.sections)
        ],
        "notes_label": layout.NOTES,
        "notes": layout.paragraphs(report.notes),
        "recipients_label": layout.RECIPIENTS,
        "recipients": [layout.clean(line) for line in layout.recipient_lines(report)],
        "signer_lines": [layout.clean(line) for line in layout.signer_lines(report)],
        "signer_name": layout.clean(report.signer_name.strip()),
        "appendices": [_appendix(report, appendix) for appendix in report.appendices],
    }


def render_pdf(report: FilledReport, *, url_fetcher: URLFetcher | None = None) -> bytes:
    html = render_to_string("exports/report_pdf.html", report_context(report))
    document = HTML(string=html, base_url=None, url_fetcher=url_fetcher or DataOnlyFetcher())
    return document.write_pdf()
