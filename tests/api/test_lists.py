"""What every list does: pages with count and links, stable order, CSV."""

import pytest

from tests.api.builders import FULL_ROWS
from tests.api.helpers import list_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("basename", sorted(FULL_ROWS))
def test_every_list_pages_through_all_its_records_once(anonymous, basename):
    for i in range(3):
        FULL_ROWS[basename](i)
    first = anonymous.get(list_url(basename, page_size=2)).json()
    assert first["count"] >= 3
    assert len(first["results"]) == 2
    assert first["previous"] is None and first["next"]
    seen, url = [], list_url(basename, page_size=2)
    while url:
        page = anonymous.get(url).json()
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == first["count"]


@pytest.mark.parametrize("basename", sorted(FULL_ROWS))
def test_every_list_can_be_ordered_by_modification_for_sync(anonymous, basename):
    for i in range(2):
        FULL_ROWS[basename](i)
    rows = anonymous.get(list_url(basename, ordering="-modified", page_size=500)).json()
    stamps = [row["modified"] for row in rows["results"]]
    assert stamps == sorted(stamps, reverse=True)


@pytest.mark.parametrize("basename", sorted(FULL_ROWS))
def test_every_list_exports_csv(anonymous, basename):
    FULL_ROWS[basename](0)
    response = anonymous.get(list_url(basename, format="csv"))
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffid;")
    assert len(text.strip().splitlines()) >= 2
