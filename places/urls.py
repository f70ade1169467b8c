from django.urls import path

from places import views

app_name = "places"

urlpatterns = [
    path("", views.municipality_list, name="list"),
    path("lan/<str:code>/", views.county_detail, name="county"),
    path("kommuner/<str:code>/", views.municipality_detail, name="municipality"),
    path("planeringsomraden/", views.planning_area_list, name="planning_area_list"),
    path("planeringsomraden/<int:pk>/", views.planning_area_detail, name="planning_area"),
]

# Planners draw planning areas beside the map: these pages keep their addresses under
# /karta/ and their names in the ``maps:`` namespace (links, bookmarks), so maps.urls
# includes this list; the views, form and service are places'.
drawing_urlpatterns = [
    path("planeringsomraden/ny/", views.planning_area_create, name="planning_area_create"),
    path("planeringsomraden/<int:pk>/andra/", views.planning_area_edit, name="planning_area_edit"),
]
