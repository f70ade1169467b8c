"""Refuse requests that no browser or client of the portal sends, before any view runs.

Django decodes form data leniently: bytes that are not UTF-8 become U+FFFD (�) and would be
saved as such. No browser sends them (the pages are UTF-8), so a form body that does not
decode is refused whole with a 400 before any view runs: nothing is saved. The API answers
for itself (its parser refuses such JSON with a 400 in JSON; a form-encoded body is a 415).

A NUL character in the path or the query string is refused everywhere (400): PostgreSQL
cannot hold one in a text value and fails on it (a 500), and no name, code or search word
of the portal contains one.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from django.core.exceptions import BadRequest
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

FORM_TYPE = "application/x-www-form-urlencoded"
MULTIPART_TYPE = "multipart/form-data"
EXEMPT_PREFIXES = ("/api/", "/ogc/")
NUL = "\x00"
REPLACEMENT = "\ufffd"


def _bad_request(request, message: str):
    """A 400 in the shape of what was asked: the API's and the OGC API's JSON, or the page."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"status": 400, "code": "invalid", "detail": message}, status=400)
    if request.path_info.startswith("/ogc/"):
        return JsonResponse({"code": "InvalidParameterValue", "description": message}, status=400)
    return render(request, "400.html", {"message": message}, status=400)


class NulCharacterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # path_info and QUERY_STRING as Django decodes them (%00 becomes a NUL).
        query = request.GET.lists()
        if NUL in request.path_info or any(
            NUL in key or any(NUL in value for value in values) for key, values in query
        ):
            return _bad_request(
                request,
                _("The address contains a NUL character, which no name or search word has."),
            )
        return self.get_response(request)


class FormEncodingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method in ("POST", "PUT", "PATCH")
            and request.content_type == FORM_TYPE
            and not request.path_info.startswith(EXEMPT_PREFIXES)
        ):
            try:
                # Reading the body is bounded by DATA_UPLOAD_MAX_MEMORY_SIZE (else a 400).
                parse_qsl(
                    request.body.decode("latin-1"),
                    keep_blank_values=True,
                    encoding="utf-8",
                    errors="strict",
                )
            except UnicodeDecodeError as exc:
                raise BadRequest("The form data is not UTF-8.") from exc
        elif (
            request.method in ("POST", "PUT", "PATCH")
            and request.content_type == MULTIPART_TYPE
            and not request.path_info.startswith(EXEMPT_PREFIXES)
        ):
            # Django's multipart parser replaces bytes that are not UTF-8 with U+FFFD as it
            # decodes field names, values and file names, and keeps no trace of it: the
            # replacement character in the result is the trace. (A U+FFFD typed on purpose is
            # refused too; it never means anything in a record.) Parsing here is what the
            # CSRF check would do next anyway, with the same upload handlers and limits.
            fields = [(key, value) for key, values in request.POST.lists() for value in values]
            names = [upload.name or "" for upload in request.FILES.values()]
            texts = [text for pair in fields for text in pair] + list(request.FILES) + names
            if any(REPLACEMENT in text for text in texts):
                raise BadRequest("The form data is not UTF-8.")
        return self.get_response(request)
