from django.apps import AppConfig


class SeedConfig(AppConfig):
    """The real case (Regionala utvecklingsnämnden 2025-05-13), generated data at scale and
    the demo accounts: what fills a portal, above every domain app and beside none of them."""

    name = "seed"
