"""
Tokens for integration clients (the region's other systems, municipalities, open-data
harvesters). An admin creates one for a user; the token acts with that user's role, and only
reads unless it is granted write. The secret is shown once, when the token is created, and
stored only as a SHA-256 hash: it is 256 random bits, so a fast hash is as safe as a slow one
and costs nothing per request. A short public prefix finds the row without scanning.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_SCHEME = "rjh"  # noqa: S105 - the tokens' visible prefix, not a secret
PREFIX_LENGTH = 8
SECRET_BYTES = 32
# last_used is written at most this often, so that reading does not mean writing each time.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked__isnull=True, owner__is_active=True)


class ApiToken(models.Model):
    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("Who uses the token and for what, e.g. “Östersunds kommun, GIS”."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("acts as user"),
        help_text=_("The token reads (and, if allowed, writes) with this user's role."),
    )
    can_write = models.BooleanField(
        _("may write"),
        default=False,
        help_text=_("Without this the token only reads, even when its user may change records."),
    )
    prefix = models.CharField(_("prefix"), max_length=PREFIX_LENGTH, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.name} ({TOKEN_SCHEME}_{self.prefix}_…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked is not None

    def matches(self, secret: str) -> bool:
        return hmac.compare_digest(self.secret_hash, hash_secret(secret))

    def record_use(self) -> None:
        now = timezone.now()
        if self.last_used is None or now - self.last_used > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=self.pk).update(last_used=now)
            self.last_used = now


def new_token_parts() -> tuple[str, str]:
    """A fresh (prefix, secret) pair; the prefix is lower-case hex, the secret URL-safe."""
    return secrets.token_hex(PREFIX_LENGTH // 2), secrets.token_urlsafe(SECRET_BYTES)


def format_token(prefix: str, secret: str) -> str:
    return f"{TOKEN_SCHEME}_{prefix}_{secret}"


def split_token(token: str) -> tuple[str, str] | None:
    """``rjh_<prefix>_<secret>`` → (prefix, secret), or None when it has not that form."""
    scheme, _sep, rest = token.partition("_")
    prefix, _sep, secret = rest.partition("_")
    if scheme != TOKEN_SCHEME or len(prefix) != PREFIX_LENGTH or not secret:
        return None
    return prefix, secret
