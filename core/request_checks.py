"""Refuse form bodies that are not UTF-8.

Django decodes form data leniently: bytes that are not UTF-8 become U+FFFD (�) and would be
saved as such. No browser sends them (the pages are UTF-8), so a form body that does not
decode is refused whole with a 400 before any view runs: nothing is saved. The API answers
for itself (its parser refuses such JSON with a 400 in JSON; a form-encoded body is a 415).
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from django.core.exceptions import BadRequest

FORM_TYPE = "application/x-www-form-urlencoded"
EXEMPT_PREFIXES = ("/api/", "/ogc/")


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
        return self.get_response(request)
