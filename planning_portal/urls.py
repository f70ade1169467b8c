from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularSwaggerSplitView

from core import views as core_views
from core.api.errors import not_found as api_not_found
from core.api.views import PortalSchemaView
from planning_portal import views
from planning_portal.api import router

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
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
    path("om/", include("planning_portal.pages_urls")),
    path("api/v1/layers/", include("maps.api_urls")),
    path("api/v1/", include(router.urls)),
    path("api/schema/", PortalSchemaView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", template_name="api/swagger_ui.html"
        ),
        name="api-docs",
    ),
    # Anything else under api/ is a JSON 404 (keep this after every api/ route).
    re_path(r"^api/", api_not_found),
    path("", views.home, name="home"),
    path("sok/", views.search, name="search"),
    path("", include("core.urls")),
]
