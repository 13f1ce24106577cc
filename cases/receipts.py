"""Receipt codes: 28 digits, a lookup part of 8 and a secret part of 20 (66 bits).

Only ``HMAC(pepper, lookup)`` and the Argon2id output of ``HMAC(pepper, secret)`` under a
per-receipt random salt are stored, so one guess tests one report, and a stolen database without
the pepper cannot even start guessing. The Argon2id output is 64 bytes: the first half is the
verifier, the second half the key that opens the petition's private key for the reporter.
"""

import hashlib
import hmac
import os
import re
import secrets
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw
from django.conf import settings

LOOKUP_DIGITS = 8
SECRET_DIGITS = 20
SALT_BYTES = 16
_NON_DIGITS = re.compile(r"[\s\-.·_]+")
# Used when the lookup part matches nothing, so that an unknown receipt costs the same time.
_DUMMY_SALT = b"baove-no-receipt"


@dataclass(frozen=True)
class Receipt:
    lookup: str
    secret: str

    @property
    def digits(self) -> str:
        return self.lookup + self.secret

    @property
    def text(self) -> str:
        return " ".join(self.digits[i : i + 4] for i in range(0, len(self.digits), 4))


@dataclass(frozen=True)
class Derived:
    verifier: bytes
    key: bytes


def new_receipt() -> Receipt:
    lookup = f"{secrets.randbelow(10**LOOKUP_DIGITS):0{LOOKUP_DIGITS}d}"
    secret = f"{secrets.randbelow(10**SECRET_DIGITS):0{SECRET_DIGITS}d}"
    return Receipt(lookup, secret)


def parse(text: str) -> Receipt | None:
    digits = _NON_DIGITS.sub("", text or "")
    if len(digits) != LOOKUP_DIGITS + SECRET_DIGITS or not digits.isascii() or not digits.isdigit():
        return None
    return Receipt(digits[:LOOKUP_DIGITS], digits[LOOKUP_DIGITS:])


def _pepper() -> bytes:
    return settings.RECEIPT_PEPPER.encode()


def lookup_digest(lookup: str) -> str:
    return hmac.new(_pepper(), b"lookup:" + lookup.encode(), hashlib.sha256).hexdigest()


def params_string() -> str:
    p = settings.RECEIPT_ARGON2
    return f"t={p['time_cost']},m={p['memory_cost']},p={p['parallelism']}"


def _parse_params(text: str) -> dict:
    values = dict(part.split("=") for part in text.split(","))
    return {"time_cost": int(values["t"]), "memory_cost": int(values["m"]), "parallelism": int(values["p"])}


def new_salt() -> bytes:
    return os.urandom(SALT_BYTES)


def derive(secret: str, salt: bytes, params: str) -> Derived:
    peppered = hmac.new(_pepper(), b"secret:" + secret.encode(), hashlib.sha256).digest()
    out = hash_secret_raw(peppered, salt, hash_len=64, type=Type.ID, **_parse_params(params))
    return Derived(verifier=out[:32], key=out[32:])


def derive_dummy(secret: str) -> None:
    derive(secret, _DUMMY_SALT, params_string())


def verifier_matches(derived: Derived, stored: bytes) -> bool:
    return hmac.compare_digest(derived.verifier, stored)
