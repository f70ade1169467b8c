import csv
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlencode

from django.http import FileResponse, Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core import roles
from core.access import reader_required
from core.api.renderers import safe_cell
from maps.forms import LayerQueryForm, MapFilterForm, unknown_parameters
from maps.layers import LAYERS, LayerFilters, features, rows_with_coordinates, table
from projects.models import Project

# Rows per layer in the tables beside the map; beyond, the table says how many more there
# are and points to the CSV download (which has them all).
TABLE_LIMIT = 300
# With more dialogues than this, the map asks for them clustered on a grid at overview zoom
# levels and as single points (by bbox) when zoomed in; with more project scopes or planning
# areas, for those in view (by bbox), simplified at overview zoom levels. The first load
# stays small at national scale (tests/perf/test_map_first_load.py).
CLUSTER_THRESHOLD = 500
# Coverage classes of the municipality layer: (lowest count, highest count or None).
COVERAGE_CLASSES = [(0, 0), (1, 1), (2, 4), (5, 9), (10, None)]
# The order of the tables below the map.
TABLE_ORDER = ["municipalities", "dialogues", "project-scopes", "planning-areas", "counties"]

DOWNLOAD_FORMATS = {
    "geojson": "application/geo+json",
    "gpkg": "application/geopackage+sqlite3",
    "csv": "text/csv; charset=utf-8",
}


def _coverage_legend() -> list[dict]:
    legend = []
    for index, (low, high) in enumerate(COVERAGE_CLASSES):
        if high == 0:
            label = _("No dialogue")
        elif low == high:
            label = _("%(count)s dialogue") % {"count": low}
        elif high is None:
            label = _("%(count)s dialogues or more") % {"count": low}
        else:
            label = _("%(low)s–%(high)s dialogues") % {"low": low, "high": high}
        legend.append({"index": index, "low": low, "high": high, "label": label})
    return legend


def _layer_urls(filters: LayerFilters) -> dict:
    query = urlencode(filters.map_query())
    suffix = f"?{query}" if query else ""
    urls = {}
    for layer_id, layer in LAYERS.items():
        urls[layer_id] = {
            "title": str(layer.title),
            "data": reverse(f"layers:{layer_id}") + suffix,
            "downloads": {
                fmt: reverse("maps:download", args=[layer_id, fmt]) + suffix
                for fmt in DOWNLOAD_FORMATS
            },
        }
    return urls


@reader_required
@require_GET
def map_page(request):
    projects = list(
        Project.objects.visible_to(request.user).only("pk", "title", "diarienummer", "start_date")
    )
    form = MapFilterForm(request.GET or None, projects=projects)
    filters = form.filters() if form.is_bound and form.is_valid() else LayerFilters()
    tables = {
        layer_id: table(LAYERS[layer_id], request, filters, limit=TABLE_LIMIT)
        for layer_id in TABLE_ORDER
    }
    layers = _layer_urls(filters)
    for layer_id, layer_table in tables.items():
        layers[layer_id]["total"] = layer_table.total
        layer_table.links = layers[layer_id]
    config = {
        "layers": layers,
        "coverage": _coverage_legend(),
        "clusterThreshold": CLUSTER_THRESHOLD,
        "i18n": {
            "background": _("Background map"),
            "noBackground": _("No background map"),
            "openPage": _("Open the page"),
            "dialogues": _("Dialogues"),
            "noDialogue": _("No dialogue"),
            "dateUnknown": _("Date not given"),
            "municipality": _("Municipality"),
            "county": _("County"),
            "project": _("Project"),
            "kind": _("Kind"),
            "placedAt": _("Placed at"),
            "period": _("Period"),
            "cluster": _("%(count)s dialogues here: zoom in to see them"),
            "loadError": _("The layer “%(layer)s” could not be loaded."),
            "dialogueMarker": _("Dialogue: %(title)s"),
            "clusterMarker": _("%(count)s dialogues"),
            "map": _("Map of the layers; the same features are in the tables below."),
        },
    }
    return render(
        request,
        "maps/map.html",
        {
            "form": form,
            "filters": filters,
            "tables": [tables[layer_id] for layer_id in TABLE_ORDER],
            "layers": layers,
            "coverage": config["coverage"],
            "config": config,
            "table_limit": TABLE_LIMIT,
            "can_edit": roles.can_edit(request.user),
        },
    )


# --- downloads -------------------------------------------------------------------------------


def _download_name(layer, fmt: str) -> str:
    return f"{slugify(str(layer.title)) or layer.id}.{fmt}"


def _bad_request(errors: dict) -> JsonResponse:
    return JsonResponse({"errors": errors}, status=400)


@reader_required
@require_GET
def download(request, layer_id: str, fmt: str):
    """A layer (with the map's filters and bbox) as GeoJSON, GeoPackage (GDAL's ogr2ogr) or
    CSV with coordinates; only what the user may see."""
    layer = LAYERS.get(layer_id)
    if layer is None or fmt not in DOWNLOAD_FORMATS:
        raise Http404
    form = LayerQueryForm(request.GET)
    allowed = set(form.fields) - {"cluster", "simplify"}
    unknown = unknown_parameters(request.GET, allowed)
    if unknown:
        return _bad_request({"detail": [_("Unknown query parameter(s): %s.") % ", ".join(unknown)]})
    if not form.is_valid():
        return _bad_request(
            {
                field: [error["message"] for error in errors]
                for field, errors in form.errors.get_json_data().items()
            }
        )
    filters = form.filters()
    filename = _download_name(layer, fmt)
    if fmt == "csv":
        return _csv_response(layer, request, filters, filename)
    body = features(layer, request, filters).collection()
    if fmt == "geojson":
        response = HttpResponse(body, content_type=DOWNLOAD_FORMATS[fmt])
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return _geopackage_response(layer, body, filename)


def _geopackage_response(layer, geojson: str, filename: str):
    """Convert the layer's GeoJSON with GDAL's ogr2ogr in a temporary directory and stream
    the GeoPackage back. The directory is removed before streaming starts: the open file
    handle keeps the data readable until the response closes it."""
    ogr2ogr = shutil.which("ogr2ogr")
    if ogr2ogr is None:
        return _unavailable("ogr2ogr is not installed (Debian package gdal-bin)")
    with tempfile.TemporaryDirectory(prefix="portal-gpkg-") as directory:
        source = Path(directory) / "layer.geojson"
        target = Path(directory) / "layer.gpkg"
        source.write_text(geojson, encoding="utf-8")
        command = [ogr2ogr, "-f", "GPKG", str(target), str(source)]
        command += ["-nln", layer.id.replace("-", "_"), "-a_srs", "EPSG:4326", "-preserve_fid"]
        try:
            # No shell; every argument is the portal's own (paths in our temporary directory).
            subprocess.run(command, check=True, capture_output=True, timeout=120)  # noqa: S603
        except subprocess.CalledProcessError as exc:
            return _unavailable(exc.stderr.decode("utf-8", "replace")[:300])
        except (OSError, subprocess.SubprocessError) as exc:
            return _unavailable(type(exc).__name__)
        handle = target.open("rb")
    return FileResponse(
        handle, as_attachment=True, filename=filename, content_type=DOWNLOAD_FORMATS["gpkg"]
    )


def _unavailable(error: str) -> HttpResponse:
    return HttpResponse(
        _("The GeoPackage could not be written (GDAL's ogr2ogr): %(error)s") % {"error": error},
        status=503,
        content_type="text/plain; charset=utf-8",
    )


class _Echo:
    def write(self, value):
        return value


def _csv_response(layer, request, filters, filename: str):
    keys = list(layer.properties(request.user, filters, "/"))
    columns = ["id", *keys, "lon", "lat"] + ([] if layer.point_only else ["wkt"])
    writer = csv.writer(_Echo())

    def rows():
        # A byte-order mark, so that spreadsheet programs read å, ä and ö as UTF-8.
        yield "\ufeff" + writer.writerow([safe_cell(c) for c in columns])
        for pk, properties, lon, lat, wkt in rows_with_coordinates(layer, request, filters):
            values = [pk, *(properties.get(k) for k in keys)]
            values += [_coordinate(lon), _coordinate(lat)]
            if not layer.point_only:
                values.append(wkt)
            yield writer.writerow([safe_cell(v) for v in values])

    response = StreamingHttpResponse(rows(), content_type=DOWNLOAD_FORMATS["csv"])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _coordinate(value) -> str:
    return "" if value is None else f"{value:.7f}".rstrip("0").rstrip(".")
