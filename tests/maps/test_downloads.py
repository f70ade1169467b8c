"""Downloads of each layer: GeoJSON, GeoPackage (GDAL's ogr2ogr, via a temporary directory
that is removed) and CSV with coordinates; permission-filtered like the layers."""

import csv
import io
import json
import shutil
import tempfile

import pytest
from django.contrib.gis.gdal import DataSource
from django.contrib.gis.geos import LineString
from django.urls import reverse

from maps.layers import LAYERS
from tests.dialogues.factories import DialogueFactory
from tests.geometry import OSTERSUND, box
from tests.places.factories import PlanningAreaFactory, municipality_at

pytestmark = pytest.mark.django_db


def download(client, layer_id, fmt, **params):
    return client.get(reverse("maps:download", args=[layer_id, fmt]), params)


@pytest.fixture
def mapped():
    ostersund = municipality_at(*OSTERSUND, code="2380", name="Östersund")
    published = DialogueFactory(municipality=ostersund, title="Öppen dialog")
    draft = DialogueFactory(municipality=ostersund, title="Utkast", is_published=False)
    line = LineString((14.0, 63.0), (14.5, 63.5), srid=4326)
    line.transform(3006)
    area = PlanningAreaFactory(geometry=line, name="Järnvägsstråket")
    return {"published": published, "draft": draft, "area": area}


def test_geojson_download_is_the_layer_as_an_attachment(client, mapped):
    response = download(client, "dialogues", "geojson")
    assert response["Content-Type"] == "application/geo+json"
    assert response["Content-Disposition"] == 'attachment; filename="dialoger.geojson"'
    data = json.loads(response.content)
    assert [f["id"] for f in data["features"]] == [mapped["published"].pk]


def test_geopackage_is_written_by_gdal_and_the_temporary_files_are_removed(
    client, mapped, tmp_path, monkeypatch
):
    if not shutil.which("ogr2ogr"):
        pytest.skip("gdal-bin is installed by setup.sh")
    work = tmp_path / "tmp"
    work.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(work))
    response = download(client, "planning-areas", "gpkg")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geopackage+sqlite3"
    assert "planeringsomraden.gpkg" in response["Content-Disposition"]
    target = tmp_path / "out.gpkg"
    target.write_bytes(b"".join(response.streaming_content))
    response.close()
    assert list(work.iterdir()) == []  # nothing left behind
    layer = DataSource(str(target))[0]
    assert layer.name == "planning_areas"
    assert len(layer) == 1
    feature = next(iter(layer))
    assert feature.fid == mapped["area"].pk  # the record's id becomes the feature id
    assert feature.get("name") == "Järnvägsstråket"
    assert feature.geom.geom_type == "LineString"
    assert feature.geom.srs.srid == 4326
    assert feature.geom.coords[0] == pytest.approx((14.0, 63.0), abs=1e-6)


def test_geopackage_holds_only_what_the_user_may_see(client, mapped, tmp_path, planner):
    if not shutil.which("ogr2ogr"):
        pytest.skip("gdal-bin is installed by setup.sh")

    def count():
        target = tmp_path / "dialogues.gpkg"
        response = download(client, "dialogues", "gpkg")
        target.write_bytes(b"".join(response.streaming_content))
        return len(DataSource(str(target))[0])

    assert count() == 1
    client.force_login(planner)
    assert count() == 2


def test_csv_has_longitude_and_latitude_for_points(client, mapped):
    response = download(client, "dialogues", "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")  # so spreadsheets read å, ä, ö
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 1
    row = rows[0]
    assert row["title"] == "Öppen dialog"
    assert (float(row["lon"]), float(row["lat"])) == pytest.approx((14.65, 63.2), abs=1e-6)
    assert "wkt" not in row


def test_csv_has_wkt_and_a_point_on_the_geometry_for_lines_and_areas(client, mapped):
    text = b"".join(download(client, "planning-areas", "csv").streaming_content).decode()
    row = next(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert row["wkt"].startswith("LINESTRING")
    assert "14 63" in row["wkt"].replace(".0", "")
    assert 14.0 <= float(row["lon"]) <= 14.5 and 63.0 <= float(row["lat"]) <= 63.5


def test_downloads_take_the_maps_filters_and_bbox(client, mapped):
    response = download(client, "planning-areas", "geojson", bbox="20,67,21,68")
    assert json.loads(response.content)["features"] == []
    response = download(client, "planning-areas", "geojson", kind="settlement")
    assert json.loads(response.content)["features"] == []


@pytest.mark.parametrize("layer_id", list(LAYERS))
@pytest.mark.parametrize("fmt", ["geojson", "csv"])
def test_every_layer_downloads(client, mapped, layer_id, fmt):
    municipality_at(15, 64, code="2309")
    response = download(client, layer_id, fmt)
    assert response.status_code == 200


def test_unknown_layer_or_format_is_404_and_bad_parameters_400(client):
    assert download(client, "castles", "csv").status_code == 404
    assert download(client, "dialogues", "shp").status_code == 404
    response = download(client, "dialogues", "csv", bbox="x")
    assert response.status_code == 400
    assert "bbox" in response.json()["errors"]
    assert download(client, "dialogues", "csv", colour="red").status_code == 400


@pytest.mark.parametrize("rows", [2, 20])
def test_a_download_is_one_query(client, django_assert_num_queries, rows):
    municipality = municipality_at(*OSTERSUND)
    DialogueFactory.create_batch(rows, municipality=municipality)
    PlanningAreaFactory.create_batch(rows, geometry=box(14, 63))
    for layer_id in ("dialogues", "planning-areas"):
        with django_assert_num_queries(1):
            b"".join(download(client, layer_id, "csv").streaming_content)
        with django_assert_num_queries(1):
            download(client, layer_id, "geojson")
