from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from core import views as core_views
from planning_portal.api import router

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
    path("karta/", include("maps.urls")),
    path("ogc/", include("ogc.urls")),
    path("api/v1/layers/", include("maps.api_urls")),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("core.urls")),
]
