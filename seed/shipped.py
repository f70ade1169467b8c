"""The data the portal ships in ``seed/data/`` (provenance and licence in its README): the
public record of the case and the demo boundaries. A clone of the repository alone has them;
nothing reads files beside the project."""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
RECORD = DATA_DIR / "protokoll-run-2025-05-13.txt"
JAMTLAND_MUNICIPALITIES = DATA_DIR / "jamtland_municipalities.geojson"
SWEDISH_REGIONS = DATA_DIR / "swedish_regions.geojson"
SWEDISH_MUNICIPALITIES = DATA_DIR / "swedish_municipalities.geojson"
