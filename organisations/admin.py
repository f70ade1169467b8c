from django.contrib import admin

from core.admin import PortalAdmin
from organisations.models import Organisation
from organisations.services import ORGANISATION


@admin.register(Organisation)
class OrganisationAdmin(PortalAdmin):
    list_display = ["name", "kind", "parent", "municipality"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["parent", "municipality"]
    list_select_related = ["parent", "municipality"]
    services = ORGANISATION
