from django import template
from django.conf import settings
from django.urls import reverse

from maps.forms import map_options
from maps.layers import LAYERS

register = template.Library()


@register.inclusion_tag("maps/includes/feature_map.html")
def feature_map(layer: str, feature) -> dict:
    """A small map of one record for its detail page: ``{% load maps_tags %}
    {% feature_map "dialogues" dialogue %}``. The geometry is fetched from the OGC API item
    (permission-checked, WGS84). One per page: it loads Leaflet itself."""
    if layer not in LAYERS:
        raise template.TemplateSyntaxError(f"feature_map: no layer {layer!r}")
    return {
        "feature": feature,
        "item_url": reverse("ogc:item", args=[layer, feature.pk]),
        "config_id": f"feature-map-{layer}-{feature.pk}",
        "config": {
            "options": map_options(),
            "tiles": {
                "url": settings.MAP_TILES_URL,
                "attribution": settings.MAP_TILES_ATTRIBUTION,
            },
        },
    }
