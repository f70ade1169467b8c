from django.urls import path

from directions import views

app_name = "directions"

urlpatterns = [
    path("", views.direction_list, name="list"),
    path("<int:pk>/", views.direction_detail, name="detail"),
    path("<int:pk>/ny-version/", views.version_propose, name="propose"),
    path("<int:pk>/version/<int:number>/", views.version_detail, name="version"),
    path("<int:pk>/version/<int:number>/ny-punkt/", views.point_add, name="point_add"),
    path("<int:pk>/version/<int:number>/foresla/", views.version_submit, name="version_submit"),
    path("<int:pk>/version/<int:number>/beslut/", views.version_decide, name="version_decide"),
    path("<int:pk>/jamfor/", views.version_compare, name="compare"),
    path("punkter/<int:pk>/andra/", views.point_edit, name="point_edit"),
    path("punkter/<int:pk>/flytta/", views.point_move, name="point_move"),
    path("punkter/<int:pk>/ta-bort/", views.point_delete, name="point_delete"),
]
