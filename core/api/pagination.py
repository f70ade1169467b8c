from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class PortalPagination(PageNumberPagination):
    """``?page=`` and ``?page_size=`` (capped at ``API_MAX_PAGE_SIZE``; more is served as the
    cap). Answers with ``count``, ``next``, ``previous`` and ``results``. A page number or
    size that is not a positive whole number is a 400; a page past the last is a 404."""

    page_size_query_param = "page_size"
    page_query_description = _("A page number, from 1.")
    page_size_query_description = _("Results per page (default 50, at most 500).")

    @property
    def page_size(self):
        return settings.API_PAGE_SIZE

    @property
    def max_page_size(self):
        return settings.API_MAX_PAGE_SIZE

    def get_schema_operation_parameters(self, view):
        """The bounds the server enforces, stated: both from 1 (0, negatives and non-numbers
        are a 400). A larger page_size is not refused but served as the cap, so the cap is
        in the description, not a ``maximum`` that would promise a 400."""
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"] = {"type": "integer", "minimum": 1}
        return parameters

    def _positive(self, request, name: str) -> int | None:
        value = request.query_params.get(name)
        if value is None or value == "":
            return None
        if not (value.isascii() and value.isdigit()) or int(value) < 1:
            raise ValidationError({name: [_("Give a whole number from 1 up.")]})
        return int(value)

    def get_page_size(self, request):
        size = self._positive(request, self.page_size_query_param)
        if size is None:
            return self.page_size
        return min(size, self.max_page_size)

    def get_page_number(self, request, paginator):
        return self._positive(request, self.page_query_param) or 1
