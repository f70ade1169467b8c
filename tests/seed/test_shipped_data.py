"""A clone of the repository alone works: the data the portal needs is shipped in seed/data/,
and nothing reads files beside the project (issue 12 §1, issue 18)."""

import json
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from places.models import Municipality
from projects.models import Project
from seed import shipped

ROOT = Path(settings.BASE_DIR)


def test_the_record_and_the_boundaries_are_shipped_with_their_provenance():
    readme = (shipped.DATA_DIR / "README.md").read_text(encoding="utf-8")
    for path in (
        shipped.RECORD,
        shipped.JAMTLAND_MUNICIPALITIES,
        shipped.SWEDISH_REGIONS,
        shipped.SWEDISH_MUNICIPALITIES,
    ):
        assert path.is_file(), path
        assert path.name in readme
    assert "okfse/sweden-geojson" in readme and "Valmyndigheten" in readme
    counts = {
        path.name: len(json.loads(path.read_text())["features"])
        for path in (
            shipped.JAMTLAND_MUNICIPALITIES,
            shipped.SWEDISH_REGIONS,
            shipped.SWEDISH_MUNICIPALITIES,
        )
    }
    assert counts == {
        "jamtland_municipalities.geojson": 8,
        "swedish_regions.geojson": 21,
        "swedish_municipalities.geojson": 290,
    }


def test_no_code_test_or_script_reads_files_beside_the_project():
    tracked = subprocess.run(
        ["git", "ls-files", "*.py", "*.sh", "Makefile", "*.toml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    beside = [
        name
        for name in tracked
        if any(
            needle in (ROOT / name).read_text(encoding="utf-8")
            for needle in ('"shared" /', "../shared/", "/shared/data", "/shared/seed")
        )
        and name != "tests/seed/test_shipped_data.py"
    ]
    assert beside == []


def test_the_admin_import_offers_the_shipped_files_by_default():
    assert Path(settings.BOUNDARY_DATA_DIR).resolve() == shipped.DATA_DIR


@pytest.mark.django_db
def test_generate_data_uses_the_shipped_boundaries_by_default():
    call_command("generate_data", "--scale", "county", stdout=StringIO())
    municipalities = Municipality.objects.filter(county__code="23")
    assert municipalities.count() == 8
    # The real boundaries, not 5-vertex squares.
    assert all(m.boundary and m.boundary.num_coords > 5 for m in municipalities)


@pytest.mark.django_db
@pytest.mark.parametrize("scale", ["county", "national"])
def test_generate_data_without_boundary_files_refuses_and_writes_nothing(tmp_path, scale):
    with pytest.raises(CommandError, match="needs the boundary files"):
        call_command(
            "generate_data", "--scale", scale, "--boundaries", str(tmp_path), stdout=StringIO()
        )
    assert not Project.objects.exists()
