import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserKey(models.Model):
    """A person's X25519 key pair. The private half is sealed under a key derived from their
    password (Argon2id), so neither a database dump nor the server's disk opens it.

    Data keys are wrapped for a ``UserKey`` row, not for a user: replacing the key (a password
    reset by an administrator) drops every wrap made for the old one, by cascade.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="vault_key")
    public_key = models.BinaryField(max_length=32)
    sealed_private_key = models.BinaryField()
    salt = models.BinaryField(max_length=16)
    kdf_time_cost = models.PositiveIntegerField()
    kdf_memory_cost = models.PositiveIntegerField()
    kdf_parallelism = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("personal key")
        verbose_name_plural = _("personal keys")

    def __str__(self):
        return f"{self.user} · {self.fingerprint[:16]}"

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(bytes(self.public_key)).hexdigest()


class RecoveryKey(models.Model):
    """The public half of a recovery key whose private half is kept offline (see docs/vault.md).
    Every data key is also wrapped for each active recovery key."""

    label = models.CharField(_("label"), max_length=100)
    public_key = models.BinaryField(max_length=32)
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("recovery key")
        verbose_name_plural = _("recovery keys")

    def __str__(self):
        return f"{self.label} · {self.fingerprint[:16]}"

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(bytes(self.public_key)).hexdigest()
