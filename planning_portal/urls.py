from django.contrib import admin
from django.urls import include, path

from core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("projekt/", include("projects.urls")),
    path("dialoger/", include("dialogues.urls")),
    path("viljeinriktning/", include("directions.urls")),
    path("beslut/", include("decisions.urls")),
    path("platser/", include("places.urls")),
    path("organisationer/", include("organisations.urls")),
    path("", include("core.urls")),
]
