"""
Throttling per client: anonymous clients per IP address, integration tokens per token,
logged-in users per user. Rates come from settings (``API_THROTTLE_ANON`` etc. in the
environment) and are read on every request, so tests and operators can change them. The
counters live in the default cache: set ``REDIS_URL`` for a shared cache (Redis)
when running several processes, or each counts on its own.

Anonymous clients are counted by :func:`core.client_address.client_address`, the rule the
login lockout uses too: ``X-Forwarded-For`` counts only as far as ``TRUSTED_PROXY_COUNT``
proxies wrote it, so a new made-up address per request does not open a new bucket.
"""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from core.client_address import client_address


class PortalThrottle(SimpleRateThrottle):
    def get_rate(self):
        return settings.API_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        # DRF's own reads the whole X-Forwarded-For unless NUM_PROXIES is set.
        return client_address(request)


class AnonymousThrottle(PortalThrottle):
    scope = "anon"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TokenThrottle(PortalThrottle):
    scope = "token"

    def get_cache_key(self, request, view):
        token_id = getattr(request.auth, "prefix", None)
        if token_id is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": token_id}


class UserThrottle(PortalThrottle):
    """Logged-in people in a browser session."""

    scope = "user"

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated) or request.auth is not None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
