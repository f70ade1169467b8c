import json

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class StrictJSONParser(JSONParser):
    """JSON bodies, refusing with a 400 (never a 500) what Python's parser lets through but
    nothing after it can handle: NaN and Infinity (DRF's strict mode), nesting deep enough to
    exhaust the recursion limit, and unpaired surrogates (``"\\ud800"``), which are not
    Unicode text and could not be stored or even echoed in an error message."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(_("JSON parse error - the body is nested too deeply.")) from exc
        try:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except RecursionError as exc:  # pragma: no cover - the parser stops first
            raise ParseError(_("JSON parse error - the body is nested too deeply.")) from exc
        except (UnicodeEncodeError, ValueError) as exc:
            raise ParseError(
                _("JSON parse error - the body contains escapes that are not characters.")
            ) from exc
        return data
