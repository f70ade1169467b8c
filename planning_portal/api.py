"""The REST API's router (``/api/v1/``). Each app registers its viewsets in its ``api.py``;
they are added here."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()
