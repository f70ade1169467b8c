"""One ``?bbox=`` for the REST API and the map's layers (core.geo.bbox_in_storage_srid).

They once had a densifier each (16 and 32 vertices per edge), and a wide box's parallels,
curved in SWEREF 99 TM, became different chords: a dialogue a few tens of metres from the
box's edge was in one answer and not in the other."""

import pytest
from django.contrib.gis.geos import Point
from django.urls import reverse

from core.geo import STORAGE_SRID, WGS84, bbox_in_storage_srid, parse_bbox
from tests.api.helpers import ids, list_url
from tests.dialogues.factories import DialogueFactory
from tests.geometry import point
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

# As wide as Sweden: the parallels at its top and bottom bend most in SWEREF 99 TM.
MINLON, MINLAT, MAXLON, MAXLAT = 10.5, 60.0, 23.5, 65.0
BBOX = f"{MINLON},{MINLAT},{MAXLON},{MAXLAT}"
# Metres north (+) and south (-) of the edge: inside the chords of one densifier, outside
# those of the other.
OFFSETS = (-60, -30, -10, 10, 30, 60)
# Where along the edge: the middle of every second segment of a 16-vertex edge, where its
# chord strays furthest from the parallel (and where a 32-vertex edge has a vertex).
LONGITUDES = [MINLON + (MAXLON - MINLON) * (k + 0.5) / 16 for k in range(0, 16, 2)]


def near_the_edges() -> list[Point]:
    points = []
    for lat in (MINLAT, MAXLAT):
        for lon in LONGITUDES:
            on_edge = point(lon, lat)
            for metres in OFFSETS:
                points.append(Point(on_edge.x, on_edge.y + metres, srid=STORAGE_SRID))
    return points


def test_the_api_filter_and_the_layer_select_the_same_dialogues_near_the_edges(client):
    project = ProjectFactory()
    for location in near_the_edges():
        DialogueFactory(project=project, location=location)

    api = ids(client.get(list_url("dialogue", bbox=BBOX, page_size=500)))
    response = client.get(reverse("layers:dialogues"), {"bbox": BBOX})
    assert response.status_code == 200, response.content[:300]
    layer = [feature["id"] for feature in response.json()["features"]]

    assert sorted(api) == sorted(layer)
    # Near the edges: some in, some out, or the comparison would prove nothing.
    assert 0 < len(api) < len(OFFSETS) * len(LONGITUDES) * 2


def test_the_box_strays_from_its_parallels_by_less_than_20_metres():
    """A 16-vertex edge strayed some 70 m from the parallel of a box this wide."""
    box = bbox_in_storage_srid(parse_bbox(BBOX))
    for lat in (MINLAT, MAXLAT):
        for k in range(101):
            on_parallel = point(MINLON + (MAXLON - MINLON) * k / 100, lat)
            assert box.boundary.distance(on_parallel) < 20


def test_a_box_beyond_swedens_reach_is_none():
    assert bbox_in_storage_srid(parse_bbox("-10,-10,0,0")) is None
    far_box = bbox_in_storage_srid(parse_bbox("-180,-90,180,90"))
    assert far_box is not None and far_box.srid == STORAGE_SRID
    assert far_box.transform(WGS84, clone=True).extent[0] > 8
