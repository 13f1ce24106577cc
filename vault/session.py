"""The unlocked private key while a person is signed in.

It never sits whole in one place: the browser holds a random mask in an HttpOnly cookie, the
server-side session holds the key XOR that mask. A stolen session table or a stolen cookie alone
opens nothing, and any server process can join the halves of the request it serves.
"""

import base64
import binascii
import os

from django.conf import settings

from baove.lib import crypto
from vault.models import UserKey

COOKIE_NAME = "baove_vk"
SESSION_KEY = "vault_masked_key"


def attach_unlocked_key(request, response, private: bytes) -> None:
    mask = os.urandom(len(private))
    request.session[SESSION_KEY] = base64.b64encode(crypto.xor(private, mask)).decode()
    response.set_cookie(
        COOKIE_NAME,
        base64.b64encode(mask).decode(),
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Strict",
        path="/staff/",
    )


def unlocked_key(request) -> bytes | None:
    """The private key of the signed-in person, or None when it is not unlocked."""
    masked, mask = request.session.get(SESSION_KEY), request.COOKIES.get(COOKIE_NAME)
    if not masked or not mask or not request.user.is_authenticated:
        return None
    try:
        private = crypto.xor(base64.b64decode(masked), base64.b64decode(mask))
    except (binascii.Error, ValueError):
        return None
    key = UserKey.objects.filter(user=request.user).only("public_key").first()
    if key is None or crypto.public_from_private(private) != bytes(key.public_key):
        return None
    return private


def forget_unlocked_key(request, response) -> None:
    request.session.pop(SESSION_KEY, None)
    response.delete_cookie(COOKIE_NAME, path="/staff/", samesite="Strict")
