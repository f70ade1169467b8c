from django.urls import path

from dialogues import views

app_name = "dialogues"

urlpatterns = [
    path("", views.dialogue_list, name="list"),
    path("<int:pk>/", views.dialogue_detail, name="detail"),
]
