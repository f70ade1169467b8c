"""
Compressed responses where compression is safe (see :class:`CompressionMiddleware`).
"""

from __future__ import annotations

from django.middleware.gzip import GZipMiddleware, re_accepts_gzip

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
