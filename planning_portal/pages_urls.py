"""The public-sector pages (planning_portal.pages): Swedish paths, as every page's."""

from django.urls import path

from planning_portal import pages

app_name = "pages"

urlpatterns = [
    path("tillganglighet/", pages.accessibility, name="accessibility"),
    path("personuppgifter/", pages.personal_data, name="personal_data"),
    path("kontakt/", pages.contact, name="contact"),
]
