"""
Compressed responses where compression is safe (see :class:`CompressionMiddleware`), and
no shared cache for private ones (see :class:`PrivateCacheMiddleware`), and a JSON 503
from the API while the database is away (see :class:`DatabaseOutageMiddleware`).
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.contrib.auth import logout
from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# JSON of every kind the portal writes: the API, the map layers (application/geo+json),
# the OGC API (application/geo+json, application/json, application/vnd.oai.openapi+json).
JSON_TYPES = ("application/json", "application/geo+json")


def accepts_gzip(request) -> bool:
    """Does the client take a gzip-encoded body (for views that keep one compressed)?"""
    return bool(re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def _media_type(response) -> str:
    return response.get("Content-Type", "").split(";")[0].strip().lower()


def is_json(response) -> bool:
    media_type = _media_type(response)
    return media_type in JSON_TYPES or media_type.endswith("+json")


class CompressionMiddleware(GZipMiddleware):
    """Django's gzip (with its "Heal the BREACH" random padding) for the responses where it
    cannot help a BREACH attacker, who needs a secret and text the attacker chooses in one
    compressed body fetched with the victim's cookies:

    * JSON and GeoJSON (API lists, map layers, OGC items; the bulk of the bytes): no CSRF
      token or session secret is ever in them, and the layers reflect nothing of the query.
    * HTML for anonymous visitors: they only ever see published content, and the one secret
      in the page, the CSRF token, is masked anew in every response.

    Pages for logged-in users are not compressed: they hold unpublished content beside the
    search words and form values the request sent.

    Responses with an ``ETag`` (single API objects, small) are not compressed either: gzip
    would make the tag weak, and ``If-Match`` compares strongly (RFC 9110), so a client that
    read the object compressed could never change it.
    """

    def process_response(self, request, response):
        if response.has_header("ETag"):
            return response
        if is_json(response):
            return super().process_response(request, response)
        user = getattr(request, "user", None)
        anonymous = user is None or not user.is_authenticated
        if anonymous and _media_type(response) == "text/html":
            return super().process_response(request, response)
        return response


# The paths where integration tokens (Authorization: Bearer) are read: an answer there may
# change with the header even when this request sent none.
TOKEN_PREFIXES = ("/api/",)


def _is_private(request) -> bool:
    """Did someone identify themselves (a token, or a logged-in session)? Then the answer may
    hold what only they may see. The session is opened only when its cookie came along, so
    that anonymous responses do not gain a ``Vary: Cookie`` they did not have."""
    if "HTTP_AUTHORIZATION" in request.META:
        return True
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated)


class PrivateCacheMiddleware:
    """No shared cache (a proxy, a CDN, a browser's disk of a shared computer) keeps or
    serves an answer meant for one person: every response to a logged-in session or a
    token is ``Cache-Control: private, no-store`` (pages, API objects and lists, CSV and
    iCalendar exports, downloads) and varies on ``Cookie`` and ``Authorization``. A stricter
    or deliberate ``private`` header a view set (the admin's ``never_cache``, a document
    download) stays. The ETag stays too: ``If-Match`` needs no cache, the client sends back
    the tag it read. Anonymous answers keep what they had (they are public, and cacheable),
    with ``Vary: Authorization`` where a token would change them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _is_private(request):
            cache_control = response.get("Cache-Control", "").lower()
            if "private" not in cache_control and "no-store" not in cache_control:
                response["Cache-Control"] = "private, no-store"
            patch_vary_headers(response, ("Cookie", "Authorization"))
        elif request.path_info.startswith(TOKEN_PREFIXES):
            patch_vary_headers(response, ("Authorization",))
        return response


# Seconds an API client is asked to wait when the database cannot be reached: long enough
# for a restart or a fail-over, short enough that a sync job does not give up for the day.
OUTAGE_RETRY_AFTER_SECONDS = 30
JSON_PREFIXES = ("/api/", "/ogc/")


class DatabaseOutageMiddleware:
    """While the database cannot be reached (connection refused or lost, a timeout) the API
    and the OGC API answer what a client can act on: a JSON 503 with ``Retry-After``, in
    the API's error shape, instead of Django's HTML 500 page. Pages keep the 500 page.
    Only connection-level errors (``OperationalError``, ``InterfaceError``): an error in a
    query is a bug and stays a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        if not request.path_info.startswith(JSON_PREFIXES):
            return None
        logger.error("Database unavailable: %s", exception, exc_info=exception)
        response = JsonResponse(
            {
                "status": 503,
                "code": "database_unavailable",
                "detail": _("The database cannot be reached just now. Try again shortly."),
            },
            status=503,
        )
        response["Retry-After"] = str(OUTAGE_RETRY_AFTER_SECONDS)
        add_never_cache_headers(response)
        return response


# Session keys of SessionTimeoutMiddleware: when the session was first seen logged in, and
# when last (both Unix seconds).
SESSION_STARTED = "portal_started"
SESSION_LAST_SEEN = "portal_last_seen"
# The last-seen time is written at most this often: every request would otherwise write the
# session (a database or Redis write per page view) to move it by a second.
LAST_SEEN_RESOLUTION_SECONDS = 60


def _now() -> float:
    """The clock of the session timeouts (tests move it)."""
    return time.time()


class SessionTimeoutMiddleware:
    """A session left alone for ``SESSION_IDLE_SECONDS`` (default 8 hours) is logged out,
    and a staff session (the admin's accounts) ends ``STAFF_SESSION_MAX_SECONDS`` (default
    12 hours) after it began however busy it is; other sessions last at most
    ``SESSION_COOKIE_AGE`` (14 days). A forgotten browser on a shared computer, or a stolen
    cookie, is then worth hours, not weeks. The request that finds the session expired goes
    on as an anonymous one (pages ask to log in)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        # No session cookie, no session to time: anonymous requests are not made to load one.
        if settings.SESSION_COOKIE_NAME in request.COOKIES and user and user.is_authenticated:
            self._check(request, user)
        return self.get_response(request)

    def _check(self, request, user) -> None:
        now = int(_now())
        session = request.session
        started = session.get(SESSION_STARTED)
        last_seen = session.get(SESSION_LAST_SEEN)
        idle = last_seen is not None and now - last_seen > settings.SESSION_IDLE_SECONDS
        too_old = (
            user.is_staff
            and started is not None
            and now - started > settings.STAFF_SESSION_MAX_SECONDS
        )
        if idle or too_old:
            logout(request)  # flushes the session; request.user becomes anonymous
            return
        if started is None:
            session[SESSION_STARTED] = now
        if last_seen is None or now - last_seen >= LAST_SEEN_RESOLUTION_SECONDS:
            session[SESSION_LAST_SEEN] = now
