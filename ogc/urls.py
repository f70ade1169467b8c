# OGC API paths have no trailing slash (clients such as OWSLib join "collections" to the
# landing page's URL); the landing page is /ogc/.
from django.urls import path

from ogc import views

app_name = "ogc"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("api", views.api_document, name="api"),
    path("conformance", views.conformance, name="conformance"),
    path("collections", views.collections, name="collections"),
    path("collections/<str:collection_id>", views.collection, name="collection"),
    path("collections/<str:collection_id>/items", views.items, name="items"),
    path("collections/<str:collection_id>/items/<str:feature_id>", views.item, name="item"),
]
