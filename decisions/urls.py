from django.urls import path

from decisions import views

app_name = "decisions"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("namnder/<int:pk>/", views.committee_detail, name="committee"),
    path("sammantraden/<int:pk>/", views.meeting_detail, name="meeting"),
    path("paragrafer/<int:pk>/", views.agenda_item_detail, name="agenda_item"),
    path("handlingar/<int:pk>/", views.document_detail, name="document"),
]
