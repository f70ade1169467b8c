from django.utils.translation import gettext_lazy as _
from leaflet.forms.widgets import LeafletWidget

from core import mapdata


class MapGeometryWidget(LeafletWidget):
    """django-leaflet's widget (WGS84 in the browser, the field's SRID in the database),
    rendered without inline JavaScript: static/js/geometry-widget.js draws the map from
    ``data-*`` attributes and json_script data. Points can also be typed as latitude and
    longitude, so the field works from the keyboard; without JavaScript the GeoJSON text
    itself is shown and edited.

    Input goes through core.forms.SafeGeometryField. Text typed by the user is shown back
    unchanged after a validation error and never parsed here (Django's widget would hand it
    to GDAL, see README "GDAL").
    """

    template_name = "core/geometry_widget.html"
    use_fieldset = True

    def get_context(self, name, value, attrs):
        raw = value if isinstance(value, str) else None
        context = super().get_context(name, None if raw is not None else value, attrs)
        if raw is not None:
            context["serialized"] = raw
        context["map_config"] = mapdata.map_config(_("Map for choosing the location"))
        context["map_config_id"] = f"{context['id_css']}-config"
        return context
