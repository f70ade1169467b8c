"""
Exports: CSV for every list, iCalendar for meetings and dialogues.

CSV is written for Excel in Swedish: ``;``-separated, UTF-8 with a byte-order mark, decimal
comma, one row per record, the columns named as the JSON fields. A related object becomes
two columns (``owner_id`` and ``owner`` with its name), a list of them two lists; a point
becomes ``<field>_lon`` and ``<field>_lat``; other geometry is left out (use the JSON or the
map layers). A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
gets a leading ``'`` so that a spreadsheet shows it as text instead of running it as a formula
(CSV injection); a plain number (``-12,5``) is left as it is. :func:`safe_cell` is the one place
that decides this, for the API's CSV and the map layers' CSV downloads alike.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from decimal import Decimal

from rest_framework import renderers, serializers

from core.api.fields import GeoJSONField, RefField

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "; "
BOM = "\ufeff"
# A number as the exports write it (decimal point or comma): safe to leave as it is.
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")


def safe_cell(value) -> str:
    """The text of one CSV cell, neutralised against formula injection."""
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float, Decimal)):
        return str(value)
    text = value if isinstance(value, str) else str(value)
    if text.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def decimal_comma(value) -> str:
    if value is None or value == "":
        return ""
    return str(value).replace(".", ",")


def _item_text(item) -> str:
    if isinstance(item, dict):
        if "number" in item and "text" in item:
            return f"{item['number']}. {item['text']}"
        if "name" in item:
            return str(item["name"])
        return json.dumps(item, ensure_ascii=False)
    return str(item)


Column = tuple[str, Callable[[dict], object]]


def _position(point: dict | None) -> list:
    return (point or {}).get("coordinates") or [None, None]


def _columns_for(name: str, field) -> list[Column]:
    if isinstance(field, serializers.ManyRelatedField) and isinstance(
        field.child_relation, RefField
    ):
        key = field.child_relation.key
        return [
            (f"{name}_{key}s", lambda row: ",".join(str(r[key]) for r in row.get(name) or [])),
            (name, lambda row: LIST_SEPARATOR.join(r["name"] for r in row.get(name) or [])),
        ]
    if isinstance(field, RefField):
        key = field.key
        return [
            (f"{name}_{key}", lambda row: (row.get(name) or {}).get(key)),
            (name, lambda row: (row.get(name) or {}).get("name")),
        ]
    if isinstance(field, GeoJSONField):
        if field.geometry_types == ("Point",):
            return [
                (f"{name}_lon", lambda row: decimal_comma(_position(row.get(name))[0])),
                (f"{name}_lat", lambda row: decimal_comma(_position(row.get(name))[1])),
            ]
        return []
    if isinstance(field, (serializers.DecimalField, serializers.FloatField)):
        return [(name, lambda row: decimal_comma(row.get(name)))]
    if isinstance(field, (serializers.ListSerializer, serializers.ListField)):
        return [(name, lambda row: "\n".join(_item_text(i) for i in row.get(name) or []))]
    if isinstance(field, (serializers.Serializer, serializers.DictField, serializers.JSONField)):
        return [(name, lambda row: json.dumps(row.get(name), ensure_ascii=False))]
    return [(name, lambda row: row.get(name))]


def csv_columns(serializer: serializers.Serializer) -> list[Column]:
    columns: list[Column] = []
    for name, field in serializer.fields.items():
        columns.extend(_columns_for(name, field))
    return columns


def write_csv(rows: list[dict], columns: list[Column]) -> bytes:
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([name for name, _get in columns])
    for row in rows:
        writer.writerow([safe_cell(get(row)) for _name, get in columns])
    return out.getvalue().encode("utf-8")


class CSVRenderer(renderers.BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        view = (renderer_context or {}).get("view")
        return write_csv(data or [], csv_columns(view.get_serializer()))


class ICalendarRenderer(renderers.BaseRenderer):
    """The viewset builds the calendar (core.api.ical); this only hands it on."""

    media_type = "text/calendar"
    format = "ics"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else b""
