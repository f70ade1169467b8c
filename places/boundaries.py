"""
Importing municipality and county boundaries from any vector file GDAL reads (GeoJSON,
GeoPackage, Shapefile…), in any declared coordinate system, matched on the official codes.

Used by ``manage.py import_boundaries`` and by the admin's import page: one function,
one set of checks. A file that cannot be used changes nothing and gets an error that says
what is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.gis.gdal import CoordTransform, DataSource, GDALException, SpatialReference
from django.contrib.gis.geos import GEOSException, GEOSGeometry, MultiPolygon, Polygon
from django.db import transaction

from core.geo import STORAGE_SRID, sweden_extent
from places.models import County, Municipality

MUNICIPALITY = "municipality"
COUNTY = "county"
LEVELS = (MUNICIPALITY, COUNTY)

# Field names used by the common Swedish sources: SCB "Digitala gränser" (KnKod, LnKod),
# Lantmäteriet (kommunkod, lanskod), okfse/sweden-geojson (id, kom_namn, l_id, name).
CODE_FIELDS = {
    MUNICIPALITY: ["kommunkod", "knkod", "kom_kod", "komkod", "kn_kod", "id", "kod", "code"],
    COUNTY: ["lanskod", "lnkod", "lan_kod", "lankod", "l_id", "ln_kod", "kod", "code", "id"],
}
NAME_FIELDS = {
    MUNICIPALITY: ["kommunnamn", "knnamn", "kom_namn", "kn_namn", "namn", "name"],
    COUNTY: ["lansnamn", "lnnamn", "lan_namn", "ln_namn", "namn", "name"],
}
MUNICIPALITY_ONLY_FIELDS = {"kommunkod", "knkod", "kom_kod", "komkod", "kommunnamn", "kom_namn"}
CODE_LENGTH = {MUNICIPALITY: 4, COUNTY: 2}

# SCB's official county names (länskod → namn), used when a county is created from a file
# that only gives a short name ("Jämtland").
COUNTY_NAMES = {
    "01": "Stockholms län",
    "03": "Uppsala län",
    "04": "Södermanlands län",
    "05": "Östergötlands län",
    "06": "Jönköpings län",
    "07": "Kronobergs län",
    "08": "Kalmar län",
    "09": "Gotlands län",
    "10": "Blekinge län",
    "12": "Skåne län",
    "13": "Hallands län",
    "14": "Västra Götalands län",
    "17": "Värmlands län",
    "18": "Örebro län",
    "19": "Västmanlands län",
    "20": "Dalarnas län",
    "21": "Gävleborgs län",
    "22": "Västernorrlands län",
    "23": "Jämtlands län",
    "24": "Västerbottens län",
    "25": "Norrbottens län",
}


class BoundaryImportError(Exception):
    """The file cannot be imported; the message says why. Nothing was changed."""


@dataclass
class ImportResult:
    level: str
    layer: str
    source_srs: str
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)

    def summary(self) -> str:
        noun = "municipalities" if self.level == MUNICIPALITY else "counties"
        parts = [
            f"{len(self.updated)} {noun} updated",
            f"{len(self.unchanged)} unchanged",
            f"{len(self.created)} created",
        ]
        if self.skipped:
            parts.append(f"{len(self.skipped)} codes not in the portal skipped")
        if self.repaired:
            parts.append(f"{len(self.repaired)} invalid geometries repaired")
        return (
            f"Imported {self.level} boundaries from layer “{self.layer}” "
            f"({self.source_srs} → EPSG:{STORAGE_SRID}): " + ", ".join(parts) + "."
        )


def _pick(fields: list[str], candidates: list[str], explicit: str | None, what: str) -> str:
    lower = {f.lower(): f for f in fields}
    if explicit:
        if explicit.lower() not in lower:
            raise BoundaryImportError(
                f"The layer has no field “{explicit}” for the {what}. "
                f"Its fields are: {', '.join(fields) or '(none)'}."
            )
        return lower[explicit.lower()]
    for candidate in candidates:
        if candidate in lower:
            return lower[candidate]
    raise BoundaryImportError(
        f"Cannot tell which field holds the {what}. Its fields are: "
        f"{', '.join(fields) or '(none)'}. Name it with --code-field / --name-field."
    )


def _normalise_code(raw, level: str) -> str | None:
    """'2380', 2380, '23', 23, 23.0 → the zero-padded official code, or None."""
    if raw is None:
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip()
    if not re.fullmatch(r"\d{1,4}", text):
        return None
    text = text.zfill(CODE_LENGTH[level])
    return text if len(text) == CODE_LENGTH[level] else None


def _detect_level(fields: list[str], values: list) -> str:
    lowered = {f.lower() for f in fields}
    if lowered & MUNICIPALITY_ONLY_FIELDS:
        return MUNICIPALITY
    if lowered & {"lanskod", "lnkod", "l_id", "lan_kod", "lansnamn", "lnnamn"}:
        return COUNTY
    texts = [str(v).strip() for v in values if v is not None]
    if texts and all(re.fullmatch(r"\d{4}", t) for t in texts):
        return MUNICIPALITY
    if texts and all(re.fullmatch(r"\d{1,2}", t) for t in texts):
        return COUNTY
    raise BoundaryImportError(
        "Cannot tell whether the file holds municipalities or counties; give --level."
    )


def _to_multipolygon(geom: GEOSGeometry, code: str, result: ImportResult) -> MultiPolygon:
    if not geom.valid:
        geom = geom.make_valid()
        result.repaired.append(code)
    if geom.geom_type == "GeometryCollection":
        polygons = [g for g in geom if g.geom_type in ("Polygon", "MultiPolygon")]
        parts = []
        for g in polygons:
            parts.extend(g if g.geom_type == "MultiPolygon" else [g])
        geom = MultiPolygon(parts, srid=geom.srid)
    if isinstance(geom, Polygon):
        geom = MultiPolygon(geom, srid=geom.srid)
    if geom.geom_type != "MultiPolygon":
        raise BoundaryImportError(
            f"The boundary of {code} is a {geom.geom_type}, not an area (Polygon/MultiPolygon)."
        )
    if geom.empty:
        raise BoundaryImportError(f"The boundary of {code} is empty.")
    return geom


def import_boundaries(
    *,
    path: str | Path,
    level: str | None = None,
    layer: str | None = None,
    code_field: str | None = None,
    name_field: str | None = None,
    srid: int | None = None,
    create: bool = False,
    skip_unknown: bool = False,
) -> ImportResult:
    """Import boundaries from ``path``. All or nothing: any error leaves the database as it
    was and raises ``BoundaryImportError``. Everything is read and checked before the one
    transaction that writes."""
    path = Path(path)
    if level is not None and level not in LEVELS:
        raise BoundaryImportError(f"--level must be one of {', '.join(LEVELS)}.")
    lyr = _open_layer(path, layer)
    transform, srs_label = _transform_to_storage(lyr, srid)
    level, code_name, name_name = _choose_fields(
        lyr, level=level, code_field=code_field, name_field=name_field, create=create
    )
    result = ImportResult(level=level, layer=lyr.name, source_srs=srs_label)
    geometries, names = _read_boundaries(
        lyr,
        level=level,
        code_name=code_name,
        name_name=name_name,
        transform=transform,
        srs_label=srs_label,
        result=result,
    )
    model = Municipality if level == MUNICIPALITY else County
    existing = {obj.code: obj for obj in model.objects.filter(code__in=geometries)}
    unknown = sorted(set(geometries) - set(existing))
    counties = _check_unknown(
        unknown, level=level, names=names, create=create, skip_unknown=skip_unknown
    )
    _write_boundaries(
        model,
        geometries,
        existing=existing,
        names=names,
        counties=counties,
        create=create,
        reason=f"import_boundaries {path.name}",
        result=result,
    )
    return result


def _open_layer(path: Path, layer: str | None):
    """The layer to import: the file's only one, or the one named."""
    if not path.exists():
        raise BoundaryImportError(f"No such file: {path}")
    try:
        source = DataSource(str(path))
    except GDALException as exc:
        raise BoundaryImportError(
            f"GDAL cannot read {path.name} as a vector file (GeoJSON, GeoPackage, Shapefile…): "
            f"{exc}"
        ) from exc
    layers = [lyr.name for lyr in source]
    if not layers:
        raise BoundaryImportError(f"{path.name} holds no layers.")
    if layer is None:
        if len(layers) > 1:
            raise BoundaryImportError(
                f"{path.name} holds several layers ({', '.join(layers)}); choose one with --layer."
            )
        lyr = source[0]
    else:
        if layer not in layers:
            raise BoundaryImportError(
                f"{path.name} has no layer “{layer}”; its layers are {', '.join(layers)}."
            )
        lyr = source[layer]
    if len(lyr) == 0:
        raise BoundaryImportError(f"Layer “{lyr.name}” has no features.")
    return lyr


def _transform_to_storage(lyr, srid: int | None) -> tuple[CoordTransform, str]:
    """The transformation from the layer's coordinate system to EPSG:3006, and that system's
    name for messages. The coordinate system is the file's own, or an EPSG code given as an
    integer (never free text, see core.geo on gis.W001)."""
    if srid is not None:
        source_srs = SpatialReference(int(srid))
    elif lyr.srs is not None:
        source_srs = lyr.srs
    else:
        raise BoundaryImportError(
            f"Layer “{lyr.name}” declares no coordinate reference system; give its EPSG code "
            "with --srid (e.g. --srid 3006 for SWEREF 99 TM)."
        )
    srs_label = f"EPSG:{source_srs.srid}" if source_srs.srid else (source_srs.name or "declared")
    return CoordTransform(source_srs, SpatialReference(STORAGE_SRID)), srs_label


def _choose_fields(
    lyr, *, level: str | None, code_field: str | None, name_field: str | None, create: bool
) -> tuple[str, str, str | None]:
    """The level (given, or detected from the fields and codes), the code field and the
    name field (None when there is none and no name is needed)."""
    fields = list(lyr.fields)
    if level is None:
        guess_field = None
        for candidate in CODE_FIELDS[MUNICIPALITY] + CODE_FIELDS[COUNTY]:
            match = [f for f in fields if f.lower() == candidate]
            if match:
                guess_field = match[0]
                break
        if code_field:
            guess_field = _pick(fields, [], code_field, "code")
        values = [feature.get(guess_field) for feature in lyr] if guess_field else []
        level = _detect_level(fields, values)
    code_name = _pick(fields, CODE_FIELDS[level], code_field, f"{level} code")
    name_name = None
    try:
        name_name = _pick(fields, NAME_FIELDS[level], name_field, f"{level} name")
    except BoundaryImportError:
        if create or name_field:
            raise
    return level, code_name, name_name


def _read_boundaries(
    lyr,
    *,
    level: str,
    code_name: str,
    name_name: str | None,
    transform: CoordTransform,
    srs_label: str,
    result: ImportResult,
) -> tuple[dict[str, GEOSGeometry], dict[str, str]]:
    """Every feature's boundary in EPSG:3006 as a multipolygon (parts of one code joined)
    and its name, by code; refuses malformed codes, missing or unreadable geometry and
    boundaries outside Sweden."""
    geometries: dict[str, GEOSGeometry] = {}
    names: dict[str, str] = {}
    bad_codes: list[str] = []
    extent = sweden_extent(STORAGE_SRID)
    for index, feature in enumerate(lyr, start=1):
        raw = feature.get(code_name)
        code = _normalise_code(raw, level)
        if code is None:
            bad_codes.append(f"feature {index}: {raw!r}")
            continue
        if feature.geom is None:
            raise BoundaryImportError(f"Feature {index} ({code}) has no geometry.")
        try:
            ogr = feature.geom.clone()
        except (GDALException, GEOSException) as exc:
            raise BoundaryImportError(
                f"The geometry of feature {index} ({code}) cannot be read: {exc}"
            ) from exc
        try:
            ogr.transform(transform)
        except GDALException as exc:
            raise BoundaryImportError(
                f"The geometry of feature {index} ({code}) cannot be transformed from "
                f"{srs_label} to EPSG:{STORAGE_SRID}; is the declared coordinate system right "
                f"(--srid)? ({exc})"
            ) from exc
        geom = GEOSGeometry(ogr.wkb, srid=STORAGE_SRID)
        geom = _to_multipolygon(geom, code, result)
        if not extent.intersects(geom):
            raise BoundaryImportError(
                f"The boundary of {code} lies outside Sweden after transformation from "
                f"{srs_label}; is the declared coordinate system right (--srid)?"
            )
        if code in geometries:
            # Some sources split a municipality into several features (islands).
            geometries[code] = _to_multipolygon(geometries[code].union(geom), code, result)
        else:
            geometries[code] = geom
        if name_name:
            names[code] = str(feature.get(name_name) or "").strip()
    if bad_codes:
        shown = ", ".join(bad_codes[:10]) + (" …" if len(bad_codes) > 10 else "")
        raise BoundaryImportError(
            f"{len(bad_codes)} features have no valid {level} code in field “{code_name}” "
            f"(a {CODE_LENGTH[level]}-digit code is expected): {shown}"
        )
    return geometries, names


def _check_unknown(
    unknown: list[str], *, level: str, names: dict[str, str], create: bool, skip_unknown: bool
) -> dict[str, County]:
    """Refuse codes the portal does not know unless they are to be created (each with a
    name and, for a municipality, its county in the portal) or skipped. Returns the counties
    of the municipalities to create, by code."""
    if unknown and not (create or skip_unknown):
        shown = ", ".join(unknown[:15]) + (" …" if len(unknown) > 15 else "")
        raise BoundaryImportError(
            f"{len(unknown)} codes in the file match no {level} in the portal: {shown}. "
            "Check the code field (--code-field), add them with --create, or ignore them "
            "with --skip-unknown."
        )
    counties = {}
    if level == MUNICIPALITY and create and unknown:
        counties = {c.code: c for c in County.objects.filter(code__in={u[:2] for u in unknown})}
        missing = sorted({u[:2] for u in unknown} - set(counties))
        if missing:
            raise BoundaryImportError(
                f"Municipalities cannot be created for counties that are not in the portal "
                f"({', '.join(missing)}); import the county boundaries first."
            )
    for code in unknown:
        if not create:
            continue
        if not _new_name(code, level, names):
            raise BoundaryImportError(f"Feature {code} has no name, so it cannot be created.")
    return counties


def _new_name(code: str, level: str, names: dict[str, str]) -> str | None:
    """The name of a record to create: SCB's official county name, else the file's."""
    return (COUNTY_NAMES.get(code) if level == COUNTY else None) or names.get(code)


@transaction.atomic
def _write_boundaries(
    model: type[Municipality] | type[County],
    geometries: dict[str, GEOSGeometry],
    *,
    existing: dict,
    names: dict[str, str],
    counties: dict[str, County],
    create: bool,
    reason: str,
    result: ImportResult,
) -> None:
    """Create, update or leave each record (checked beforehand: nothing here refuses the
    file), and store the point within each municipality's new boundary."""
    level = MUNICIPALITY if model is Municipality else COUNTY
    for code, geom in sorted(geometries.items()):
        obj = existing.get(code)
        if obj is None:
            if not create:
                result.skipped.append(code)
                continue
            obj = model(code=code, name=_new_name(code, level, names), boundary=geom)
            if level == MUNICIPALITY:
                obj.county = counties[code[:2]]
            obj._change_reason = reason
            obj.full_clean()
            obj.save()
            result.created.append(code)
            continue
        if obj.boundary is not None and obj.boundary.equals_exact(geom, tolerance=0.01):
            result.unchanged.append(code)
            continue
        obj.boundary = geom
        obj._change_reason = reason
        obj.save(update_fields=["boundary", "modified"])
        result.updated.append(code)
    if level == MUNICIPALITY:
        Municipality.objects.filter(
            code__in=result.created + result.updated
        ).set_representative_points()
