from django.urls import path

from maps import views
from places.urls import drawing_urlpatterns

app_name = "maps"

urlpatterns = [
    path("", views.map_page, name="map"),
    path("ladda-ner/<slug:layer_id>.<slug:fmt>", views.download, name="download"),
    *drawing_urlpatterns,  # the planning-area pages (places.views)
]
