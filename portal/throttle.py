"""Limits on receipt guessing, kept in this process's memory only.

Failures are counted per client address and across all clients. The address itself is never
stored: the cache key is HMAC-SHA256 of it under a secret made at process start, which lives only
in memory, so the key cannot be turned back into an address even by someone who reads the cache.
The value is a plain count.

A try is reserved (counted) before the receipt is checked and given back when the receipt was
right, so a burst of parallel guesses cannot slip past the limit between check and count.
"""

import contextlib
import hashlib
import hmac
import secrets
import time

from django.conf import settings
from django.core.cache import cache

from cases.services import ReporterAccess, receipt_check

_PROCESS_SECRET = secrets.token_bytes(32)
ADDRESS_WINDOW_SECONDS = 10 * 60
GLOBAL_WINDOW_SECONDS = 60


class Throttled(Exception):
    """Too many failed receipts from this address, or from everyone in the last minute."""


def _address_key(request) -> str:
    address = request.META.get("REMOTE_ADDR") or ""
    digest = hmac.new(_PROCESS_SECRET, address.encode(), hashlib.sha256).hexdigest()
    return f"portal:receipt-failures:address:{digest}"


def _global_key() -> str:
    return f"portal:receipt-failures:global:{int(time.time() // GLOBAL_WINDOW_SECONDS)}"


def _limits(request) -> list[tuple[str, int, int]]:
    return [
        (_address_key(request), settings.PORTAL_FAILURES_PER_ADDRESS, ADDRESS_WINDOW_SECONDS),
        (_global_key(), settings.PORTAL_FAILURES_GLOBAL_PER_MINUTE, 2 * GLOBAL_WINDOW_SECONDS),
    ]


def _count(key: str, timeout: int) -> int:
    # The window starts with the first failure; incr keeps the expiry that add set.
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout)
        return 1


def _give_back(keys: list[str]) -> None:
    for key in keys:
        with contextlib.suppress(ValueError):
            cache.decr(key)


def receipt_check_throttled(request, receipt_text: str) -> ReporterAccess | None:
    """``cases.services.receipt_check`` behind the limits; raises ``Throttled`` over a limit."""
    limits = _limits(request)
    if any(cache.get(key, 0) >= limit for key, limit, _timeout in limits):
        raise Throttled
    reserved = []
    for key, limit, timeout in limits:
        reserved.append(key)
        if _count(key, timeout) > limit:
            _give_back(reserved)
            raise Throttled
    access = receipt_check(receipt_text)
    if access is not None:
        _give_back(reserved)
    return access
