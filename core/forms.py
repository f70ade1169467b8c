from django.contrib.gis import forms as gis_forms
from django.contrib.gis.geos import MultiLineString, MultiPoint, MultiPolygon

from core.geo import GEOMETRY_TYPES, parse_geojson

_MULTI = {
    "MultiPoint": ("Point", MultiPoint),
    "MultiLineString": ("LineString", MultiLineString),
    "MultiPolygon": ("Polygon", MultiPolygon),
}


def _camel(geom_type: str) -> str:
    """Django's field geom_type ("MULTIPOLYGON") as a GeoJSON type name ("MultiPolygon")."""
    return {t.upper(): t for t in GEOMETRY_TYPES}.get(geom_type.upper(), "Geometry")


class SafeGeometryField(gis_forms.GeometryField):
    """Geometry input through core.geo.parse_geojson: no user-given CRS reaches GDAL, and
    empty, invalid, enormous, wrongly typed or out-of-Sweden geometry gets a clear error.
    A single Polygon (LineString, Point) is accepted where its Multi- form is stored."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not isinstance(value, str):
            return super().to_python(value)
        wanted = _camel(self.geom_type)
        allowed = None
        if wanted in _MULTI:
            allowed = [wanted, _MULTI[wanted][0]]
        elif wanted != "Geometry":
            allowed = [wanted]
        geom = parse_geojson(value, allowed_types=allowed, srid=self.srid or 3006)
        if wanted in _MULTI and geom.geom_type == _MULTI[wanted][0]:
            geom = _MULTI[wanted][1](geom, srid=geom.srid)
        return geom

    def clean(self, value):
        geom = self.to_python(value)
        if geom is None:
            if self.required:
                return super().clean(value)
            return None
        # Already checked and transformed by parse_geojson.
        self.validate(geom)
        self.run_validators(geom)
        return geom
