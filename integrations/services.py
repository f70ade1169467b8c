from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import RuleRefused
from integrations.models import ApiToken, format_token, hash_secret, new_token_parts, split_token


@transaction.atomic
def token_create(*, name: str, owner, can_write: bool = False) -> tuple[ApiToken, str]:
    """Create a token; return it with its secret text, which is never stored or shown again."""
    for _attempt in range(5):
        prefix, secret = new_token_parts()
        token = ApiToken(name=name, owner=owner, can_write=can_write, prefix=prefix)
        token.secret_hash = hash_secret(secret)
        token.full_clean()
        try:
            with transaction.atomic():
                token.save()
        except IntegrityError:  # the same random prefix twice: try another
            continue
        return token, format_token(prefix, secret)
    raise RuntimeError("could not find a free token prefix")  # pragma: no cover


@transaction.atomic
def token_update(*, token: ApiToken, name: str, can_write: bool) -> ApiToken:
    """Rename a token or change what it may do; a revoked token does not change (its record
    says who had which access)."""
    stored = ApiToken.objects.select_for_update().get(pk=token.pk)
    if stored.is_revoked and (stored.name, stored.can_write) != (name, can_write):
        raise RuleRefused(_("A revoked token does not change."))
    token.name, token.can_write = name, can_write
    token.full_clean()
    token.save(update_fields=["name", "can_write"])
    return token


def token_revoke(*, token: ApiToken) -> None:
    if token.revoked is None:
        token.revoked = timezone.now()
        token.save(update_fields=["revoked"])


def token_authenticate(text: str) -> ApiToken | None:
    """The active token whose text this is, or None."""
    parts = split_token(text)
    if parts is None:
        return None
    prefix, secret = parts
    token = ApiToken.objects.active().select_related("owner").filter(prefix=prefix).first()
    if token is None or not token.matches(secret):
        return None
    return token
