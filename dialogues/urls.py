from django.urls import path

from dialogues import views

app_name = "dialogues"

urlpatterns = [
    path("", views.dialogue_list, name="list"),
    path("tackning/", views.coverage, name="coverage"),
    path("ny/", views.dialogue_create, name="create"),
    path("<int:pk>/", views.dialogue_detail, name="detail"),
    path("<int:pk>/andra/", views.dialogue_edit, name="edit"),
    path("<int:pk>/insikter/ny/", views.insight_create, name="insight_create"),
    path("insikter/<int:pk>/andra/", views.insight_edit, name="insight_edit"),
    path("insikter/<int:pk>/koppla/", views.insight_link, name="insight_link"),
]
