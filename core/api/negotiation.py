from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotAcceptable
from rest_framework.renderers import JSONRenderer


class JSONErrorsMixin:
    """For every API view: an unknown ``?format=`` is a 406 naming the formats there are
    (DRF answers 404), and errors are the API's JSON bodies whatever format was asked for."""

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force)
        except Http404 as exc:
            formats = ", ".join(r.format for r in self.get_renderers())
            raise NotAcceptable(
                _("Unknown format; this endpoint answers in: %(formats)s.") % {"formats": formats}
            ) from exc

    def finalize_response(self, request, response, *args, **kwargs):
        renderer = getattr(request, "accepted_renderer", None)
        if response.status_code >= 400 and renderer and renderer.media_type != "application/json":
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)
