from django.contrib.gis.db import models as gis_models
from leaflet.admin import LeafletGeoAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from core.forms import SafeGeometryField


class PortalAdmin(LeafletGeoAdminMixin, SimpleHistoryAdmin):
    """Admin for portal models: change history, Leaflet map widgets for geometry, and
    geometry input checked by core.geo (no user-given CRS ever reaches GDAL)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, gis_models.GeometryField):
            kwargs["form_class"] = SafeGeometryField
        return super().formfield_for_dbfield(db_field, request, **kwargs)
