"""import_boundaries from the admin: staff upload a file or choose one of BOUNDARY_DATA_DIR;
same checks as the command, nothing changed on error, uploads only in a temporary dir."""

import io
import shutil
import tempfile
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from places.models import County, Municipality
from seed import shipped

DATA = shipped.DATA_DIR
JAMTLAND = DATA / "jamtland_municipalities.geojson"

pytestmark = [
    pytest.mark.django_db,
]

URL = "admin:places_municipality_import"


@pytest.fixture(autouse=True)
def data_dir(settings):
    settings.BOUNDARY_DATA_DIR = DATA


@pytest.fixture
def temp_dir(tmp_path, monkeypatch):
    work = tmp_path / "tmp"
    work.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(work))
    return work


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def boundaries():
    return {m.code: m.boundary and m.boundary.wkb.hex() for m in Municipality.objects.all()}


def test_the_change_lists_link_to_the_import_page(client, admin_user):
    client.force_login(admin_user)
    for model in ("municipality", "county"):
        html = client.get(reverse(f"admin:places_{model}_changelist")).content.decode()
        assert reverse(f"admin:places_{model}_import") in html


def test_staff_upload_a_file_and_the_boundaries_are_imported(client, admin_user, case, temp_dir):
    client.force_login(admin_user)
    page = client.get(reverse(URL))
    assert page.status_code == 200
    assert JAMTLAND.name in page.content.decode()  # offered for choosing
    upload = SimpleUploadedFile("kommuner.geojson", JAMTLAND.read_bytes())
    response = client.post(reverse(URL), {"upload": upload, "level": "municipality"}, follow=True)
    assert "8 municipalities updated" in " ".join(messages_of(response))
    ostersund = Municipality.objects.get(code="2380")
    assert ostersund.boundary.srid == 3006
    assert ostersund.boundary.contains(ostersund.seat_location)
    assert list(temp_dir.iterdir()) == []  # the upload is gone


def test_staff_choose_a_listed_file(client, admin_user, case):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:places_county_import"),
        {"source": "swedish_regions.geojson", "level": "county", "skip_unknown": "on"},
        follow=True,
    )
    assert "1 counties updated" in " ".join(messages_of(response))
    assert County.objects.get(code="23").boundary is not None
    assert County.objects.count() == 1


def test_a_bad_file_changes_nothing_and_says_why(client, admin_user, case, temp_dir):
    client.force_login(admin_user)
    before = boundaries()
    # The county file read as municipalities: two-digit codes are not kommunkoder.
    upload = SimpleUploadedFile("lan.geojson", (DATA / "swedish_regions.geojson").read_bytes())
    response = client.post(reverse(URL), {"upload": upload, "level": "municipality"})
    assert response.status_code == 200
    text = " ".join(messages_of(response))
    assert "Ingenting ändrades" in text or "Nothing was changed" in text
    assert boundaries() == before
    assert list(temp_dir.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("kommuner.geojson", b'<?xml version="1.0"?><OGRVRTDataSource/>'),
        ("kommuner.gpkg", b"not a geopackage"),
        ("kommuner.zip", b"not a zip"),
    ],
)
def test_files_that_are_not_what_they_say_are_refused_before_gdal_reads_them(
    client, admin_user, case, name, content
):
    client.force_login(admin_user)
    before = boundaries()
    response = client.post(
        reverse(URL), {"upload": SimpleUploadedFile(name, content), "level": "municipality"}
    )
    assert response.status_code == 200
    assert messages_of(response)
    assert boundaries() == before


def test_a_zipped_shapefile_is_imported(client, admin_user, case, tmp_path):
    if not shutil.which("ogr2ogr"):
        pytest.skip("gdal-bin is installed by setup.sh")
    import subprocess

    shapefile = tmp_path / "kommuner.shp"
    subprocess.run(
        ["ogr2ogr", "-f", "ESRI Shapefile", "-t_srs", "EPSG:3006", str(shapefile), str(JAMTLAND)],
        check=True,
        capture_output=True,
    )
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        for part in tmp_path.glob("kommuner.*"):
            zf.write(part, f"data/{part.name}")
    client.force_login(admin_user)
    upload = SimpleUploadedFile("kommuner.zip", archive.getvalue())
    response = client.post(reverse(URL), {"upload": upload, "level": "municipality"}, follow=True)
    assert "8 municipalities updated" in " ".join(messages_of(response))


def test_choosing_and_uploading_at_once_is_refused(client, admin_user):
    client.force_login(admin_user)
    upload = SimpleUploadedFile("kommuner.geojson", JAMTLAND.read_bytes())
    response = client.post(
        reverse(URL),
        {"upload": upload, "source": JAMTLAND.name, "level": "municipality"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors


def test_non_staff_are_sent_to_the_admin_login(client, planner):
    client.force_login(planner)
    response = client.get(reverse(URL))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_staff_without_permission_to_change_municipalities_get_403(client, django_user_model, case):
    staff = django_user_model.objects.create_user("staff", password="x" * 12, is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_municipality"))
    client.force_login(staff)
    assert client.get(reverse(URL)).status_code == 403
