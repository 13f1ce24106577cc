"""The PDF: rendered by WeasyPrint from the template, with nothing fetched from anywhere."""

import re
import zlib

import pytest
from django.template.loader import render_to_string

from exports.pdf import DataOnlyFetcher, render_pdf, report_context
from exports.tests.sample import EVIL_MARKUP, make_report


def _objects(data: bytes) -> bytes:
    """The PDF with its compressed streams (fonts, object streams) inflated."""
    parts = [data]
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"".join(parts)


class RecordingFetcher(DataOnlyFetcher):
    def __init__(self):
        super().__init__()
        self.urls = []

    def fetch(self, url, headers=None):
        self.urls.append(url)
        return super().fetch(url, headers)


@pytest.mark.parametrize("style", ["party", "state"])
def test_pdf_renders_without_fetching_anything(style):
    fetcher = RecordingFetcher()
    data = render_pdf(make_report(style), url_fetcher=fetcher)
    assert data.startswith(b"%PDF-")
    assert len(data) > 10_000
    assert fetcher.urls == []  # the narrative's <img> and <link> were text, not markup
    # The fonts are Times New Roman or its metric twin.
    # Every glyph, Vietnamese letters included, comes from Times New Roman or its metric twin
    # Liberation Serif (Debian fonts-liberation2: the older fonts-liberation has no Vietnamese,
    # and a fallback font would show up here).
    fonts = set(re.findall(rb"/FontName\s*/[A-Z]{6}\+([A-Za-z-]+)", _objects(data)))
    assert fonts
    assert all(name.replace(b"-", b"").startswith((b"LiberationSerif", b"TimesNewRoman")) for name in fonts), fonts


def test_the_fetcher_refuses_every_url_but_data():
    fetcher = DataOnlyFetcher()
    for url in ("http://example.invalid/x.png", "https://example.invalid/", "file:///etc/passwd", "ftp://x/"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain,xin%20ch%C3%A0o").read() == "xin chào".encode()


def test_html_escapes_texts_and_keeps_the_tables_spans():
    html = render_to_string("exports/report_pdf.html", report_context(make_report("state")))
    assert EVIL_MARKUP not in html
    assert "&lt;img src=&quot;http://example.invalid/pixel.png&quot;&gt;" in html
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html and "Độc lập - Tự do - Hạnh phúc" in html
    assert "Số: 12/BC-UBND" in html and "An Giang, ngày 05 tháng 6 năm 2026" in html
    assert '<th colspan="2" class="b">Nội dung</th>' in html
    assert '<td rowspan="2" class="">Số cuộc tiếp dân</td>' in html
    assert '<td rowspan="2" class="c">1</td>' in html
    assert '<th colspan="3" class="b">Tổ chức tuyên truyền, phổ biến Quy định</th>' in html
    assert '<td class="number">1.234</td>' in html
    assert 'font-family: "Times New Roman", "Liberation Serif", serif' in html
    assert "size: A4" in html
