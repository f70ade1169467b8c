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
