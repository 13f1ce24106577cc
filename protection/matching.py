"""Matching a person across records without keeping their ID number.

``person_id_hash`` is what ``ProtectionCase.id_hash`` holds, and what the personnel early warning
(the retaliation app) computes from the ID number typed with a personnel action: equal hashes mean
the same person. The key (``settings.PERSON_MATCH_KEY``) stays out of the database, so a dump
cannot be matched against a list of ID numbers.
"""

import hashlib
import hmac

from django.conf import settings


def normalise_id_number(id_number: str) -> str:
    """Digits only: "001 190-012.345" and "001190012345" are the same number."""
    return "".join(char for char in id_number or "" if char.isascii() and char.isdigit())


def person_id_hash(id_number: str) -> str:
    """HMAC-SHA256(PERSON_MATCH_KEY, digits of the ID number), hex; empty when there are no digits."""
    digits = normalise_id_number(id_number)
    if not digits:
        return ""
    return hmac.new(settings.PERSON_MATCH_KEY.encode(), digits.encode(), hashlib.sha256).hexdigest()
