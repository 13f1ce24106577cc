import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    def __str__(self):
        return self.full_name or self.username


class Role(models.TextChoices):
    INTAKE = "intake", _("Intake officer")
    HANDLER = "handler", _("Handler")
    HEAD = "head", _("Head of unit")
    DEPUTY_HEAD = "deputy_head", _("Deputy head of unit")
    CUSTODIAN = "custodian", _("Identity custodian")
    REPORTING = "reporting", _("Reporting officer")
    OVERSIGHT = "oversight", _("Oversight")
    PERSONNEL = "personnel", _("Personnel officer")
    ADMIN = "admin", _("System administrator")


# Roles whose holders must use a second factor (issue 2; DOMAIN.md "People and roles").
TWO_FACTOR_ROLES = frozenset({Role.HEAD, Role.DEPUTY_HEAD, Role.CUSTODIAN, Role.ADMIN})


class Scope(models.TextChoices):
    UNIT = "unit", _("This unit only")
    SUBTREE = "subtree", _("This unit and all units under it")


class MembershipQuerySet(models.QuerySet):
    def active(self, day: datetime.date | None = None):
        day = day or timezone.localdate()
        return self.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))


class Membership(models.Model):
    """A person holds a role in a unit, for the unit alone or its whole subtree."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("account"))
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="memberships", verbose_name=_("unit"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices, default=Scope.UNIT)
    valid_from = models.DateField(_("from"), default=timezone.localdate)
    # Exclusive: a role ended today no longer counts today.
    valid_to = models.DateField(_("ended on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["unit__path", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="membership_valid_range",
            ),
        ]
        indexes = [
            # Permission checks load a user's memberships on every request.
            models.Index(fields=["user", "valid_to"], name="membership_user_idx"),
            # "Who holds role R in unit U" (heads for routing, custodians for key wrapping).
            models.Index(fields=["unit", "role"], name="membership_unit_role_idx"),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.unit}"

    def is_active_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to > day)


class LoginThrottle(models.Model):
    """Failed sign-ins per account name (never per address); a lock ends by itself."""

    username = models.CharField(max_length=150, unique=True)
    failures = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.username}: {self.failures}"
