"""The API's two views outside the viewsets: the schema (/api/schema/) and the router's root
(/api/v1/). Apart from core.api.schema, which drf-spectacular imports while its own views
module loads (DEFAULT_SCHEMA_CLASS): importing its views from there would be circular."""

from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import APIRootView

from core.api.negotiation import MethodFirstMixin


class PortalSchemaView(MethodFirstMixin, SpectacularAPIView):
    """/api/schema/: an unsupported method is a 405 with Allow, as everywhere under /api/."""


class PortalAPIRootView(MethodFirstMixin, APIRootView):
    """/api/v1/: likewise."""
