from django.utils.translation import gettext_lazy as _
from leaflet.forms.widgets import LeafletWidget

from core import mapdata


class MapGeometryWidget(LeafletWidget):
    """django-leaflet's widget (WGS84 in the browser, the field's SRID in the database),
    rendered without inline JavaScript: static/js/geometry-widget.js draws the map from
    ``data-*`` attributes and the map defaults of base.html (json_script). Points can also
    be typed as latitude and longitude; lines and areas are drawn with django-leaflet's
    drawing tools, and their GeoJSON text stays available to read, type or paste (keyboard
    users, pasted data).
    Without JavaScript the GeoJSON text itself is shown and edited. One widget for every
    geometry form (dialogue locations, planning areas).

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
        attrs = attrs or {}
        context["invalid"] = attrs.get("aria-invalid") == "true"
        context["describedby"] = attrs.get("aria-describedby", "")
        point = context["widget"]["attrs"].get("geom_name") == "Point"
        context["map_config"] = mapdata.map_config(
            _("Map for choosing the location") if point else _("Map for drawing the geometry")
        )
        return context
