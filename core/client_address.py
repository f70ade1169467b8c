"""The client's address, as the API's throttling and the login lockout both count it.

``X-Forwarded-For`` is written by whoever sends the request: a client can put any address
in it, a new one per request. Only the entries that the portal's own proxies appended can be
believed, and a proxy appends the address it received the request from at the right end.
With ``TRUSTED_PROXY_COUNT`` proxies in front of the portal the client is therefore the
``TRUSTED_PROXY_COUNT``-th address from the right; with none (the default) the header is
ignored and the connection's address (``REMOTE_ADDR``) decides.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    """The address to count this request against (never a value the client chose)."""
    remote_addr = request.META.get("REMOTE_ADDR", "")
    trusted = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if trusted <= 0 or not forwarded:
        return remote_addr
    addresses = [part.strip() for part in forwarded.split(",")]
    # Fewer entries than proxies: the request skipped a proxy; the leftmost is then the
    # furthest one any proxy wrote (as Django REST framework's NUM_PROXIES does).
    candidate = addresses[-min(trusted, len(addresses))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        # A proxy writes addresses only: anything else came from the client.
        return remote_addr
