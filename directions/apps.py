from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectionsConfig(AppConfig):
    name = "directions"
    verbose_name = _("Statements of intent")
    portal_records = True  # core.apps.portal_app_labels()
