"""import_boundaries: any file GDAL reads, any declared CRS, matched on official codes; a
bad file gets a clear error and changes nothing."""

import json
import shutil
import subprocess
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from places.boundaries import BoundaryImportError, import_boundaries
from places.models import County, Municipality
from seed import shipped

DATA = shipped.DATA_DIR
JAMTLAND = DATA / "jamtland_municipalities.geojson"
REGIONS = DATA / "swedish_regions.geojson"
SWEDEN = DATA / "swedish_municipalities.geojson"

pytestmark = [
    pytest.mark.django_db,
]


def ogr2ogr(*args: str) -> None:
    subprocess.run(["ogr2ogr", *args], check=True, capture_output=True, timeout=120)


def boundaries() -> dict[str, str | None]:
    return {
        m.code: (m.boundary.wkb.hex() if m.boundary else None) for m in Municipality.objects.all()
    }


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_boundaries", *args, stdout=out)
    return out.getvalue()


def test_geojson_boundaries_are_imported_in_sweref99tm(case):
    out = run(str(JAMTLAND))
    assert "8 municipalities updated" in out
    ostersund = Municipality.objects.get(code="2380")
    assert ostersund.boundary.srid == 3006
    assert ostersund.boundary.geom_type == "MultiPolygon"
    # Östersund's seat lies inside it: the axes were not swapped on the way in.
    assert ostersund.boundary.contains(ostersund.seat_location)
    assert 2_000e6 < ostersund.boundary.area < 2_600e6  # about 2 200 km² (land and water)


def test_every_seat_lies_within_its_municipality(case):
    run(str(JAMTLAND))
    for municipality in Municipality.objects.all():
        assert municipality.boundary.contains(municipality.seat_location), municipality.name


def test_importing_the_same_file_again_changes_nothing(case):
    run(str(JAMTLAND))
    before = boundaries()
    history = Municipality.history.count()
    assert "0 municipalities updated, 8 unchanged" in run(str(JAMTLAND))
    assert boundaries() == before
    assert Municipality.history.count() == history


@pytest.mark.parametrize(
    ("fmt", "suffix", "srid"),
    [("GPKG", ".gpkg", 3006), ("ESRI Shapefile", ".shp", 3021), ("GeoJSON", ".geojson", 3006)],
)
def test_files_in_another_crs_are_transformed(case, tmp_path, fmt, suffix, srid):
    run(str(JAMTLAND))
    reference = {m.code: m.boundary for m in Municipality.objects.all()}
    Municipality.objects.update(boundary=None)
    target = tmp_path / f"kommuner{suffix}"
    ogr2ogr("-f", fmt, "-t_srs", f"EPSG:{srid}", str(target), str(JAMTLAND))
    assert "8 municipalities updated" in run(str(target))
    for municipality in Municipality.objects.all():
        before = reference[municipality.code]
        difference = before.sym_difference(municipality.boundary).area
        assert difference < before.area * 1e-4, municipality.name


def test_a_file_without_a_declared_crs_needs_srid(case, tmp_path):
    target = tmp_path / "kommuner.shp"
    ogr2ogr("-f", "ESRI Shapefile", "-t_srs", "EPSG:3006", str(target), str(JAMTLAND))
    target.with_suffix(".prj").unlink()
    with pytest.raises(CommandError, match="declares no coordinate reference system"):
        run(str(target))
    assert "8 municipalities updated" in run(str(target), "--srid", "3006")


def test_a_wrong_srid_is_caught_because_the_result_lies_outside_sweden(case, tmp_path):
    target = tmp_path / "kommuner.shp"
    ogr2ogr("-f", "ESRI Shapefile", "-t_srs", "EPSG:3006", str(target), str(JAMTLAND))
    target.with_suffix(".prj").unlink()
    with pytest.raises(CommandError, match="(outside Sweden|cannot be transformed)"):
        run(str(target), "--srid", "4326")
    # A projected CRS that is not the file's: the result lands outside Sweden.
    with pytest.raises(CommandError, match="outside Sweden"):
        run(str(target), "--srid", "3857")
    assert set(boundaries().values()) == {None}


def test_wrong_codes_are_refused_and_nothing_changes(case, tmp_path):
    data = json.loads(JAMTLAND.read_text())
    data["features"][0]["properties"]["id"] = "2399"
    target = tmp_path / "wrong.geojson"
    target.write_text(json.dumps(data))
    with pytest.raises(CommandError, match="1 codes in the file match no municipality.*2399"):
        run(str(target))
    assert set(boundaries().values()) == {None}


def test_malformed_codes_are_refused(case, tmp_path):
    data = json.loads(JAMTLAND.read_text())
    data["features"][2]["properties"]["id"] = "Östersund"
    target = tmp_path / "bad-code.geojson"
    target.write_text(json.dumps(data))
    with pytest.raises(CommandError, match="no valid municipality code"):
        run(str(target), "--level", "municipality")
    assert set(boundaries().values()) == {None}


@pytest.mark.parametrize(
    "content",
    [b"this is not a vector file", b'{"type": "FeatureCollection", "features": [', b""],
)
def test_a_broken_file_gets_a_clear_error(case, tmp_path, content):
    target = tmp_path / "broken.geojson"
    target.write_bytes(content)
    with pytest.raises(
        CommandError, match="(cannot read|no layers|no features).*Nothing was changed"
    ):
        run(str(target))


def test_a_missing_file_gets_a_clear_error(db):
    with pytest.raises(CommandError, match="No such file"):
        run("/nonexistent/kommuner.gpkg")


def test_a_file_with_points_instead_of_areas_is_refused(case, tmp_path):
    data = json.loads(JAMTLAND.read_text())
    for feature in data["features"]:
        lat, lon = feature["properties"]["geo_point_2d"]
        feature["geometry"] = {"type": "Point", "coordinates": [lon, lat]}
    target = tmp_path / "points.geojson"
    target.write_text(json.dumps(data))
    with pytest.raises(BoundaryImportError, match="not an area"):
        import_boundaries(path=target)
    assert set(boundaries().values()) == {None}


def test_counties_are_matched_on_the_lanskod(case):
    out = run(str(REGIONS), "--skip-unknown")
    assert "1 counties updated" in out and "20 codes not in the portal skipped" in out
    county = County.objects.get(code="23")
    assert county.boundary.contains(Municipality.objects.get(code="2380").seat_location)


def test_the_whole_country_can_be_created_counties_first(db):
    run(str(REGIONS), "--create")
    assert County.objects.count() == 21
    assert County.objects.get(code="01").name == "Stockholms län"
    with pytest.raises(CommandError):
        # Without --create the 290 municipalities are unknown.
        run(str(SWEDEN))
    out = run(str(SWEDEN), "--create")
    assert "290 created" in out
    assert Municipality.objects.filter(county__code="23").count() == 8
    assert Municipality.objects.get(code="0180").name == "Stockholm"


def test_explicit_field_names_are_checked(case):
    with pytest.raises(CommandError, match="no field “kommunkod”"):
        run(str(JAMTLAND), "--code-field", "kommunkod")


def test_a_layer_must_be_chosen_when_there_are_several(case, tmp_path):
    target = tmp_path / "two.gpkg"
    ogr2ogr("-f", "GPKG", "-nln", "a", str(target), str(JAMTLAND))
    ogr2ogr("-f", "GPKG", "-update", "-nln", "b", str(target), str(JAMTLAND))
    with pytest.raises(CommandError, match="several layers"):
        run(str(target))
    assert "8 municipalities updated" in run(str(target), "--layer", "b")


def test_ogr2ogr_is_available():
    assert shutil.which("ogr2ogr"), "gdal-bin is installed by scripts/setup.sh"
