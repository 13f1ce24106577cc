"""The crypto envelope: AES-256-GCM for data, X25519 + HKDF to seal data for a key holder,
Argon2id to turn a password into the key that protects that person's private key.

Blobs carry a version byte first so that a later scheme can be introduced without guessing.
"""

import os
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

VERSION = b"\x01"
NONCE_BYTES = 12
KEY_BYTES = 32
_RAW = serialization.Encoding.Raw


class DecryptionError(Exception):
    """A blob could not be opened: wrong key, wrong context, or tampered data."""


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def seal(key: bytes, plaintext: bytes, *, context: bytes) -> bytes:
    """Encrypt and authenticate; ``context`` binds the blob to its place (e.g. b"petition:42:identity")."""
    nonce = os.urandom(NONCE_BYTES)
    return VERSION + nonce + AESGCM(key).encrypt(nonce, plaintext, context)


def unseal(key: bytes, blob: bytes, *, context: bytes) -> bytes:
    if not blob or blob[:1] != VERSION:
        raise DecryptionError("unknown blob version")
    nonce, ciphertext = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
    try:
        return AESGCM(key).decrypt(nonce, ciphertext, context)
    except InvalidTag as error:
        raise DecryptionError("authentication failed") from error


@dataclass(frozen=True)
class KeyPair:
    public: bytes
    private: bytes


def new_key_pair() -> KeyPair:
    private = X25519PrivateKey.generate()
    return KeyPair(
        public=private.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw),
        private=private.private_bytes(_RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption()),
    )


def public_from_private(private: bytes) -> bytes:
    key = X25519PrivateKey.from_private_bytes(private)
    return key.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)


def _wrap_key(shared: bytes, ephemeral_public: bytes, recipient_public: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=ephemeral_public + recipient_public, info=b"baove-wrap-v1"
    ).derive(shared)


def seal_for(plaintext: bytes, recipient_public: bytes, *, context: bytes) -> bytes:
    """Seal ``plaintext`` (a key, a message, a file) so that only the holder of the matching private
    key can open it; anyone may seal, e.g. the portal for a petition's public key."""
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient_public))
    kek = _wrap_key(shared, ephemeral_public, recipient_public)
    return VERSION + ephemeral_public + seal(kek, plaintext, context=context)


def open_for(blob: bytes, private: bytes, *, context: bytes) -> bytes:
    if not blob or blob[:1] != VERSION:
        raise DecryptionError("unknown wrap version")
    ephemeral_public, sealed = blob[1 : 1 + KEY_BYTES], blob[1 + KEY_BYTES :]
    key = X25519PrivateKey.from_private_bytes(private)
    recipient_public = key.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)
    shared = key.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
    return unseal(_wrap_key(shared, ephemeral_public, recipient_public), sealed, context=context)


@dataclass(frozen=True)
class KdfParams:
    time_cost: int
    memory_cost: int  # KiB
    parallelism: int


def password_key(password: str, salt: bytes, params: KdfParams) -> bytes:
    return hash_secret_raw(
        password.encode("utf-8"),
        salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_cost,
        parallelism=params.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


def xor(a: bytes, b: bytes) -> bytes:
    if len(a) != len(b):
        raise ValueError("xor needs equal lengths")
    return bytes(x ^ y for x, y in zip(a, b, strict=True))
