import re
from decimal import Decimal

from django import forms
from django.contrib.gis import forms as gis_forms
from django.contrib.gis.geos import MultiLineString, MultiPoint, MultiPolygon
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

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


# --- amounts -----------------------------------------------------------------------------

# Thousands separators people type or paste: space, no-break space, thin space, narrow
# no-break space (what Swedish number formatting produces).
_GROUP_SPACES = " \u00a0\u2009\u202f"
_GROUPED = re.compile(rf"^\d{{1,3}}(?:[{_GROUP_SPACES}]\d{{3}})+(?:[,.]\d{{1,2}})?$")
_PLAIN = re.compile(r"^\d+(?:[,.]\d{1,2})?$")
_AMBIGUOUS = re.compile(r"^\d{1,3}(?:[,.]\d{3})+(?:[,.]\d+)?$")


class SwedishAmountField(forms.DecimalField):
    """An amount in kronor typed the Swedish way ("1 500 000,50") or plainly ("1500000.50"),
    whatever the browser's language: a text input (``type=number`` reads "1 500 000,50" by
    the browser's locale — 150 000 050 kr in an English one, issue 12 §3). Spaces group
    thousands, a comma or a point marks the öre. "1.500" or "1,500" could be one and a half
    or fifteen hundred: refused with a message rather than guessed."""

    default_error_messages = {
        "ambiguous": _(
            "“%(value)s” is ambiguous: write fifteen hundred as 1 500 or 1500 and one and a "
            "half as 1,5."
        ),
        "format": _(
            "Write the amount in kronor with digits, e.g. 1 500 000 or 1 500 000,50 "
            "(spaces between thousands, a comma before öre)."
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        # Not the number input's min/step: the input is text.
        attrs = super().widget_attrs(widget)
        for key in ("min", "max", "step"):
            attrs.pop(key, None)
        return attrs

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, str):
            text = value.strip()
            for suffix in ("kr", "SEK"):
                text = text.removesuffix(suffix).strip()
            if _AMBIGUOUS.match(text) and not _GROUPED.match(text):
                raise ValidationError(
                    self.error_messages["ambiguous"], code="ambiguous", params={"value": value}
                )
            if not (_GROUPED.match(text) or _PLAIN.match(text)):
                raise ValidationError(self.error_messages["format"], code="format")
            for space in _GROUP_SPACES:
                text = text.replace(space, "")
            value = text.replace(",", ".")
        return super().to_python(value)

    def prepare_value(self, value):
        """Shown the Swedish way, which the field reads back: 1 500 000,50."""
        if isinstance(value, Decimal):
            whole, _dot, cents = f"{value:,.2f}".partition(".")
            text = whole.replace(",", "\u00a0")
            return text if cents == "00" else f"{text},{cents}"
        return value
