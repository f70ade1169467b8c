"""The map page's first load at national scale stays under 500 KB compressed: the page,
its CSS and JavaScript (as WhiteNoise serves them, gzipped by collectstatic) and the layer
requests its script makes at the default view, with 290 municipalities, 21 counties,
20 000 dialogues and 2 000 planning areas. The script asks for boundaries simplified, for
many planning areas or project scopes in the view's bbox (simplified too), and for many
dialogues clustered in the view's bbox (maps/static/maps/map.js): the requests below repeat
its arithmetic. Background tiles come from the tile server and are not
counted."""

import gzip
import json
import math
import posixpath
import random
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from dialogues.models import Dialogue
from places.boundaries import import_boundaries
from places.models import Municipality, PlanningArea
from projects.models import Project
from seed import shipped

DATA = shipped.DATA_DIR
BUDGET = 500_000
# A desktop browser's map: the page's width, 65vh of a 1080-pixel-high window.
MAP_WIDTH, MAP_HEIGHT = 1280, 720
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}

pytestmark = [
    pytest.mark.django_db,
]


def national_scale(rng: random.Random) -> None:
    import_boundaries(path=DATA / "swedish_regions.geojson", level="county", create=True)
    import_boundaries(path=DATA / "swedish_municipalities.geojson", create=True)
    municipalities = list(Municipality.objects.exclude(representative_point=None))
    owner = Project.objects.get(diarienummer="RUN/479/2024").owner
    Project.objects.bulk_create(
        Project(
            diarienummer=f"GEN/{n}/2025",
            title=f"Projekt {n}",
            owner=owner,
            status=Project.Status.ONGOING,
            is_published=True,
        )
        for n in range(1, 501)
    )
    projects = list(Project.objects.values_list("pk", flat=True))
    dialogues = []
    for n in range(20_000):
        m = municipalities[n % len(municipalities)]
        location = None
        if n % 10 < 7:  # 70 % where they were held, the rest at the municipality
            location = m.representative_point.clone()
            location.x += rng.uniform(-8_000, 8_000)
            location.y += rng.uniform(-8_000, 8_000)
        dialogues.append(
            Dialogue(
                project_id=projects[n % len(projects)],
                municipality=m,
                title=f"Dialog {n} med {m.name}",
                scope=Dialogue.Scope.EXTERNAL,
                location=location,
                summary="Samtal om regional planering.",
                is_published=True,
            )
        )
    Dialogue.objects.bulk_create(dialogues, batch_size=2000)
    PlanningArea.objects.bulk_create(
        (
            PlanningArea(
                name=f"Planeringsområde {n}",
                kind=PlanningArea.Kind.values[0],
                geometry=municipalities[n % len(municipalities)].representative_point.buffer(
                    rng.uniform(500, 5_000), quadsegs=4
                ),
                project_id=projects[n % len(projects)],
                is_published=True,
            )
            for n in range(2_000)
        ),
        batch_size=2000,
    )


def static_files(html: str) -> list[str]:
    """The portal's CSS and JavaScript the page loads, with the modules they import."""
    paths = re.findall(r'(?:href|src)="/static/([^"]+\.(?:css|js))"', html)
    for path in paths:  # grows while modules are found
        if path.endswith(".js"):
            source = Path(finders.find(path)).read_text()
            folder = path.rsplit("/", 1)[0]
            paths += [
                posixpath.normpath(f"{folder}/{name}")
                for name in re.findall(r'from "(\.\.?/[^"]+)"', source)
            ]
    return list(dict.fromkeys(paths))


def gzipped_size(path: str) -> int:
    # WhiteNoise's compressor (collectstatic) uses gzip level 9.
    return len(gzip.compress(Path(finders.find(path)).read_bytes(), compresslevel=9))


def mercator_bbox(lat: float, lon: float, zoom: int) -> str:
    """Leaflet's map.getBounds().pad(0.25) for a MAP_WIDTH × MAP_HEIGHT map, as map.js
    sends it (five decimals)."""
    scale = 256 * 2**zoom
    x = (lon + 180) / 360 * scale
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * scale

    def unproject(px, py):
        return (
            math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * py / scale)))),
            px / scale * 360 - 180,
        )

    south, west = unproject(x - MAP_WIDTH / 2, y + MAP_HEIGHT / 2)
    north, east = unproject(x + MAP_WIDTH / 2, y - MAP_HEIGHT / 2)
    dlat, dlon = (north - south) * 0.25, (east - west) * 0.25
    return ",".join(f"{v:.5f}" for v in (west - dlon, south - dlat, east + dlon, north + dlat))


def initial_layer_requests(config, defaults) -> dict[str, str]:
    """The layer URLs map.js requests at the default view (no view in the URL); ``defaults``
    are the page's map defaults (core.mapdata.map_defaults)."""
    lat, lon = defaults["center"]
    zoom = defaults["zoom"]
    metres_per_pixel = 156543 * math.cos(math.radians(63)) / 2**zoom
    layers = config["layers"]

    def url(layer_id, **extra):
        return layers[layer_id]["data"] + ("?" + urlencode(extra) if extra else "")

    simplify = {} if zoom >= 9 else {"simplify": round(metres_per_pixel)}
    bbox = mercator_bbox(lat, lon, zoom)
    requests = {
        "municipalities": url("municipalities", **simplify),
        "counties": url("counties", **simplify),
    }
    for layer_id in ("project-scopes", "planning-areas"):
        many = layers[layer_id]["total"] > config["clusterThreshold"]
        requests[layer_id] = url(layer_id, bbox=bbox, **simplify) if many else url(layer_id)
    if layers["dialogues"]["total"] > config["clusterThreshold"]:
        assert zoom < 9  # POINT_ZOOM: points only when zoomed in
        cell = max(500, round(60 * metres_per_pixel))
        requests["dialogues"] = url("dialogues", bbox=mercator_bbox(lat, lon, zoom), cluster=cell)
    else:
        requests["dialogues"] = url("dialogues")
    return requests


def test_the_map_pages_first_load_is_under_500_kb_compressed_at_national_scale(client, case):
    national_scale(random.Random(7))  # noqa: S311 (test data, not secrets)
    page = client.get(reverse("maps:map"), **GZIP)
    assert page["Content-Encoding"] == "gzip"
    html = gzip.decompress(page.content).decode()
    sizes = {"page": len(page.content)}
    for path in static_files(html):
        sizes[path] = gzipped_size(path)
    config, defaults = (
        json.loads(
            re.search(rf'<script id="{id_}" type="application/json">(.*?)</script>', html, re.S)[1]
        )
        for id_ in ("map-config", "map-defaults")
    )
    assert config["layers"]["dialogues"]["total"] > 20_000  # the case's and ours
    for layer_id, url in initial_layer_requests(config, defaults).items():
        response = client.get(url, HTTP_ACCEPT="application/geo+json", **GZIP)
        assert response.status_code == 200, url
        body = response.content
        if response.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        else:  # Django does not compress what is shorter than 200 bytes
            assert len(body) < 200, url
        features = json.loads(body)["features"]
        sizes[f"{layer_id} ({len(features)} features)"] = len(response.content)
    total = sum(sizes.values())
    report = "\n".join(f"{size:>9,} B  {name}" for name, size in sizes.items())
    print(f"\nThe map page's first load, gzip-compressed:\n{report}\n{total:>9,} B  in all")
    assert "leaflet/leaflet.js" in " ".join(sizes)
    assert total < BUDGET, report
