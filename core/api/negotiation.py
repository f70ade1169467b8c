from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import MethodNotAllowed, NotAcceptable
from rest_framework.renderers import JSONRenderer


class MethodFirstMixin:
    """An unsupported method (TRACE, PUT on a list…) is a 405 with ``Allow``, whoever asks
    and whatever they accept. DRF checks content negotiation (406), authentication (401) and
    permissions (403) before it looks for the method's handler, so without this an anonymous
    TRACE got 401 and one with ``Accept: text/html`` 406: both say something untrue about
    the resource. The 405 is rendered as JSON (negotiation is forced, never refused)."""

    def initial(self, request, *args, **kwargs):
        method = request.method.lower()
        if method not in self.http_method_names or not hasattr(self, method):
            raise MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)


class JSONErrorsMixin(MethodFirstMixin):
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
