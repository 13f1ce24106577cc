"""Vietnamese-aware text folding for searches and lenient matching of labels.

Used by unit search and import today; case search (issue 4) folds the same way.
"""

import unicodedata


def fold(value: str) -> str:
    """Lower-case, without diacritics, with single spaces: "  Hòa  Bình " → "hoa binh"."""
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.casefold().split())
