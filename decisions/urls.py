from django.urls import path

from decisions import views

app_name = "decisions"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("namnder/<int:pk>/", views.committee_detail, name="committee"),
    path("sammantraden/nytt/", views.meeting_create, name="meeting_create"),
    path("sammantraden/<int:pk>/", views.meeting_detail, name="meeting"),
    path("sammantraden/<int:pk>/andra/", views.meeting_edit, name="meeting_edit"),
    path("sammantraden/<int:pk>/justera/", views.meeting_adjust_view, name="meeting_adjust"),
    path("sammantraden/<int:pk>/publicera/", views.meeting_publish_view, name="meeting_publish"),
    path("sammantraden/<int:pk>/ny-paragraf/", views.agenda_item_create, name="agenda_item_create"),
    path("paragrafer/<int:pk>/", views.agenda_item_detail, name="agenda_item"),
    path("paragrafer/<int:pk>/andra/", views.agenda_item_edit, name="agenda_item_edit"),
    path("paragrafer/<int:pk>/utdrag/", views.agenda_item_extract, name="agenda_item_extract"),
    path("paragrafer/<int:pk>/ny-handling/", views.document_create, name="document_create"),
    path("handlingar/<int:pk>/", views.document_detail, name="document"),
    path("handlingar/<int:pk>/fil/", views.document_download, name="document_download"),
]
