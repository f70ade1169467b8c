import pytest


@pytest.fixture(autouse=True)
def _maps_in_swedish(swedish):
    """The map tests read the Swedish pages, as planners see them (the project-wide default
    for tests is English msgids)."""
    yield
