"""The map layers under /api/v1/layers/ (included in planning_portal/urls.py before the
REST API's router)."""

from django.urls import path

from maps.api import layer_view
from maps.layers import LAYERS

app_name = "layers"

urlpatterns = [path(f"{layer.id}/", layer_view(layer), name=layer.id) for layer in LAYERS.values()]
