from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

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
