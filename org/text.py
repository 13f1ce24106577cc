"""Vietnamese-aware text folding for searches and lenient matching of labels.

Plain helper, not org-specific: the lead may move it to a shared ``lib`` package.
"""

import unicodedata


def fold(value: str) -> str:
    """Lower-case, without diacritics, with single spaces: "  Hòa  Bình " → "hoa binh"."""
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.casefold().split())
