from django.urls import path

from maps import views

app_name = "maps"

urlpatterns = [
    path("", views.map_page, name="map"),
    path("ladda-ner/<slug:layer_id>.<slug:fmt>", views.download, name="download"),
    path("planeringsomraden/ny/", views.planning_area_create, name="planning_area_create"),
    path("planeringsomraden/<int:pk>/andra/", views.planning_area_edit, name="planning_area_edit"),
]
