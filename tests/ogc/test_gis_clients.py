"""Real GIS clients against a live server: GDAL's OAPIF driver (ogrinfo, a subprocess, so the
data must be committed: transactional_db) and OWSLib."""

import re
import shutil
import subprocess

import pytest
from owslib.ogcapi.features import Features

from maps.layers import LAYERS
from tests.dialogues.factories import DialogueFactory
from tests.geometry import MALMO, OSTERSUND, box
from tests.places.factories import PlanningAreaFactory, municipality_at
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def data():
    """Counts per collection as the public sees them (drafts exist but are not served)."""
    ostersund = municipality_at(*OSTERSUND, code="2380", name="Östersund")
    municipality_at(*MALMO, code="1280", name="Malmö")
    project = ProjectFactory(scope=box(14, 63))
    ProjectFactory(scope=box(15, 63), is_published=False)
    DialogueFactory.create_batch(13, project=project, municipality=ostersund)
    DialogueFactory(project=project, municipality=ostersund, is_published=False)
    PlanningAreaFactory.create_batch(3, geometry=box(14.1, 63.1))
    return {
        "municipalities": 2,
        "counties": 0,  # the county has no boundary
        "project-scopes": 1,
        "planning-areas": 3,
        "dialogues": 13,
    }


@pytest.mark.skipif(not shutil.which("ogrinfo"), reason="gdal-bin is installed by setup.sh")
def test_ogrinfo_lists_every_collection_with_the_right_feature_counts(live_server, data):
    result = subprocess.run(
        ["ogrinfo", "-ro", "-so", "-al", f"OAPIF:{live_server.url}/ogc/"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    counts = dict(
        re.findall(r"Layer name: (\S+).*?Feature Count: (\d+)", result.stdout, flags=re.S)
    )
    assert {name: int(count) for name, count in counts.items()} == data


@pytest.mark.skipif(not shutil.which("ogrinfo"), reason="gdal-bin is installed by setup.sh")
def test_ogrinfo_reads_every_feature_page_by_page(live_server, data):
    result = subprocess.run(
        ["ogrinfo", "-ro", "-al", "-q", f"OAPIF:{live_server.url}/ogc/", "dialogues",
         "-oo", "PAGE_SIZE=5"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )  # fmt: skip
    assert result.stdout.count("OGRFeature(dialogues)") == data["dialogues"]
    assert result.stdout.count("POINT (14.65 63.2)") == data["dialogues"]


def test_owslib_reads_every_feature_of_every_collection(live_server, data):
    api = Features(f"{live_server.url}/ogc/")
    assert set(api.feature_collections()) == set(LAYERS)
    for collection_id, expected in data.items():
        seen, offset = [], 0
        while True:
            page = api.collection_items(collection_id, limit=4, offset=offset)
            seen += [feature["id"] for feature in page["features"]]
            assert page["numberMatched"] == expected
            if not any(link["rel"] == "next" for link in page["links"]):
                break
            offset += 4
        assert len(seen) == len(set(seen)) == expected, collection_id
    first = api.collection_items("dialogues", limit=1)["features"][0]
    one = api.collection_item("dialogues", str(first["id"]))
    assert one["type"] == "Feature" and one["id"] == first["id"]
