from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectionsConfig(AppConfig):
    name = "directions"
    verbose_name = _("Statements of intent")
    portal_records = True  # core.apps.portal_app_labels()

    def ready(self):
        # Adjusting minutes (decisions, below this app) adopts the versions their beslut
        # name: decisions sends the signal, directions carries out the adoption.
        from decisions.signals import minutes_adjusted
        from directions.services import _on_minutes_adjusted

        minutes_adjusted.connect(_on_minutes_adjusted, dispatch_uid="directions_adopt")
