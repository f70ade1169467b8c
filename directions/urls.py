from django.urls import path

from directions import views

app_name = "directions"

urlpatterns = [
    path("", views.direction_list, name="list"),
    path("<int:pk>/", views.direction_detail, name="detail"),
    path("<int:pk>/version/<int:number>/", views.version_detail, name="version"),
]
