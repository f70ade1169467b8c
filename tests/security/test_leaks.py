"""
Nothing unpublished or non-public leaks: with a draft project, dialogue (and insight),
version of the statement of intent, meeting, agenda item, planning area and a non-public
document present, each carrying ``MARKER``, no list page, search result (pages and API
``?search=``), map layer (plain and clustered), layer download (GeoJSON, CSV, GeoPackage),
OGC API item list, API list or CSV/iCalendar export shows the marker to an anonymous
visitor or a logged-in user without a role; committee members and planners do see the
drafts where the rules say they may.

Also: with public reading off (``PUBLIC_READING``) anonymous visitors are sent to log in
(pages) or answered 401 (API, OGC API, map layers) everywhere but the login page, the health
check and static files; and non-public documents are never served from a media URL.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.staticfiles import finders
from django.http import HttpResponseNotFound
from django.test import RequestFactory
from django.urls import reverse
from whitenoise.middleware import WhiteNoiseMiddleware

from maps.layers import LAYERS
from planning_portal.api import router
from tests.security.conftest import MARKER
from tests.security.test_url_roles import LOGIN, TABLE, _status, _urls, all_patterns

DOWNLOAD_FORMATS = ("geojson", "csv", "gpkg")


def _searchable(viewset) -> bool:
    filterset = getattr(viewset, "filterset_class", None)
    return filterset is not None and "search" in filterset.base_filters


def leak_urls(w) -> dict[str, str]:
    """label → URL of every place that lists records or exports them."""
    urls = {
        "home": reverse("home"),
        "project list": reverse("projects:list"),
        "project list, all statuses": reverse("projects:list") + "?status=planned",
        "published project": reverse("projects:detail", args=[w.project.pk]),
        "dialogue list": reverse("dialogues:list"),
        "dialogue list by title": reverse("dialogues:list") + "?sort=title",
        "coverage": reverse("dialogues:coverage"),
        "coverage of the project": reverse("dialogues:coverage") + f"?project={w.project.pk}",
        "published dialogue": reverse("dialogues:detail", args=[w.dialogue.pk]),
        "direction list": reverse("directions:list"),
        "direction": reverse("directions:detail", args=[w.direction.pk]),
        "adopted version": w.adopted_version.get_absolute_url(),
        "decision records": reverse("decisions:list"),
        "committee": reverse("decisions:committee", args=[w.committee.pk]),
        "published meeting": reverse("decisions:meeting", args=[w.published_meeting.pk]),
        "published agenda item": reverse("decisions:agenda_item", args=[w.published_item.pk]),
        "protocol extract": reverse("decisions:agenda_item_extract", args=[w.published_item.pk]),
        "public document": reverse("decisions:document", args=[w.public_document.pk]),
        "places": reverse("places:list"),
        "planning areas": reverse("places:planning_area_list"),
        "county": reverse("places:county", args=["23"]),
        "municipality": reverse("places:municipality", args=[w.municipality.code]),
        "organisations": reverse("organisations:list"),
        "organisation": reverse("organisations:detail", args=[w.project.owner_id]),
        "project history": reverse("history", args=["projekt", w.project.pk]),
        "map": reverse("maps:map"),
        # The page repeats the query: search for the words beside the marker.
        "search page": reverse("search") + "?q=utkast",
        "search page, documents": reverse("search") + "?q=sekretessbelagd",
        "ogc collections": reverse("ogc:collections"),
    }
    for layer in LAYERS:
        urls[f"layer {layer}"] = reverse(f"layers:{layer}")
        urls[f"ogc {layer} items"] = reverse("ogc:items", args=[layer]) + "?limit=1000"
        for fmt in DOWNLOAD_FORMATS:
            urls[f"download {layer}.{fmt}"] = reverse("maps:download", args=[layer, fmt])
    urls["layer dialogues clustered"] = reverse("layers:dialogues") + "?cluster=5000"
    for prefix, viewset, basename in router.registry:
        listing = reverse(f"{basename}-list")
        urls[f"api {prefix}"] = listing + "?page_size=500"
        urls[f"api {prefix} csv"] = listing + "?format=csv"
        if _searchable(viewset):
            urls[f"api {prefix} search"] = listing + f"?search={MARKER}"
        if "calendar" in vars(viewset):  # resources with an iCalendar feed
            urls[f"api {prefix} ics"] = listing + "?format=ics"
    return urls


# What roles see: the drafts are listed there with their marker (a sample of leak_urls).
ROLE_SEES = [
    "project list",
    "dialogue list",
    "search page",
    "layer dialogues",
    "layer planning-areas",
    "layer project-scopes",
    "download dialogues.csv",
    "download dialogues.geojson",
    "download planning-areas.gpkg",
    "ogc dialogues items",
    "api projects",
    "api projects search",
    "api dialogues csv",
    "api documents",
    "api agenda-items search",
    "api meetings",
    "api meetings ics",
    "api dialogues ics",
    "api insights",
    "api direction-points",
]


def _has_marker(response) -> bool:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return MARKER.encode() in body.lower()


@pytest.fixture
def leak_world(world, settings):
    settings.API_THROTTLE_RATES = {k: "100000/minute" for k in ("anon", "token", "user")}
    return world


def test_the_calendar_exports_are_among_the_checked_urls(leak_world):
    urls = leak_urls(leak_world)
    assert {"api meetings ics", "api dialogues ics"} <= urls.keys()
    assert "api projects search" in urls


@pytest.mark.parametrize("role", ["anonymous", "outsider"])
def test_nothing_unpublished_reaches_the_public(role, leak_world, as_role):
    client = as_role(role)
    wrong = []
    for label, url in leak_urls(leak_world).items():
        response = client.get(url)
        if response.status_code != 200:
            wrong.append(f"{label} {url}: {response.status_code}")
        elif _has_marker(response):
            wrong.append(f"{label} {url}: shows {MARKER}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("role", ["committee_member", "planner"])
def test_roles_see_the_drafts_where_the_rules_allow(role, leak_world, as_role):
    client = as_role(role)
    urls = leak_urls(leak_world)
    missing = []
    for label in ROLE_SEES:
        response = client.get(urls[label])
        assert response.status_code == 200, label
        if not _has_marker(response):
            missing.append(label)
    assert not missing, missing


def test_published_records_do_not_reveal_their_draft_project(leak_world, client):
    from dialogues.models import Dialogue
    from places.models import PlanningArea

    dialogue = Dialogue.objects.get(title="Publicerad dialog i ett utkastprojekt")
    area = PlanningArea.objects.get(name="Publicerat område i ett utkastprojekt")
    for url in (
        dialogue.get_absolute_url(),
        reverse("dialogue-detail", args=[dialogue.pk]),
        reverse("ogc:item", args=["dialogues", dialogue.pk]),
        area.get_absolute_url(),
        reverse("planningarea-detail", args=[area.pk]),
        reverse("ogc:item", args=["planning-areas", area.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not _has_marker(response), url


# --- public reading off ------------------------------------------------------------------

# The only URL patterns an anonymous visitor reaches with public reading off; admin pages
# send to the admin's login (LOGIN) like every other page.
OPEN_WITHOUT_PUBLIC_READING = {
    "login",  # the login page itself
    "admin:login",
    "healthz",  # load balancers
    "robots_txt",  # for crawlers: no content
    "set_language",  # redirects back, shows nothing
    "logout",
    "admin:logout",
    "^api/",  # a JSON 404 for anything unknown under api/
    # The public-sector pages: the accessibility statement is read before logging in; they
    # show no records.
    "pages:accessibility",
    "pages:personal_data",
    "pages:contact",
}


def test_with_public_reading_off_anonymous_visitors_must_log_in_everywhere(
    leak_world, client, settings
):
    settings.PUBLIC_READING = False
    wrong = []
    for key, cases in TABLE.items():
        if key in OPEN_WITHOUT_PUBLIC_READING:
            continue
        for case in cases:
            if case.method != "GET":
                continue
            for url in _urls(key, case, leak_world):
                status = _status(client.get(url))
                if status not in (LOGIN, 401):
                    wrong.append(f"{url}: {status}")
    assert not wrong, "\n".join(wrong)
    assert client.get(reverse("login")).status_code == 200
    assert client.get(reverse("healthz")).status_code == 200


def test_with_public_reading_off_static_files_are_still_served(settings):
    """WhiteNoise answers static files before any view or access check runs (in tests it
    serves only collected files, so it is asked here with the finders, as in development)."""
    settings.PUBLIC_READING = False
    settings.WHITENOISE_USE_FINDERS = True
    middleware = django_settings.MIDDLEWARE
    assert middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") < middleware.index(
        "django.contrib.auth.middleware.AuthenticationMiddleware"
    )
    css = next(Path(django_settings.BASE_DIR, "static", "css").glob("*.css"))
    assert finders.find(f"css/{css.name}")
    whitenoise = WhiteNoiseMiddleware(lambda request: HttpResponseNotFound())
    response = whitenoise(RequestFactory().get(f"{django_settings.STATIC_URL}css/{css.name}"))
    assert response.status_code == 200


# --- non-public documents ------------------------------------------------------------------


def test_no_url_pattern_serves_the_media_directory():
    media = django_settings.MEDIA_URL.strip("/")
    routes = [p.route for p in all_patterns() if p.route.lstrip("^").startswith(media)]
    assert routes == []


def test_media_is_neither_inside_the_static_files_nor_served_by_whitenoise():
    media = Path(django_settings.MEDIA_ROOT).resolve()
    for static in [django_settings.STATIC_ROOT, *django_settings.STATICFILES_DIRS]:
        assert not media.is_relative_to(Path(static).resolve())
    assert not getattr(django_settings, "WHITENOISE_ROOT", None)


@pytest.mark.parametrize(
    "role", ["anonymous", "outsider", "committee_member", "planner", "admin_user"]
)
def test_document_files_are_not_served_from_their_media_url(role, leak_world, as_role):
    client = as_role(role)
    assert django_settings.MEDIA_URL == "/media/"
    for document in (leak_world.secret_document, leak_world.public_document):
        assert Path(document.file.path).exists()
        response = client.get(f"{django_settings.MEDIA_URL}{document.file.name}")
        assert response.status_code == 404, document.file.name


def test_a_secret_document_reaches_roles_only_through_the_checking_view(leak_world, as_role):
    url = reverse("decisions:document_download", args=[leak_world.secret_document.pk])
    for role in ("anonymous", "outsider"):
        assert as_role(role).get(url).status_code == 404
    response = as_role("committee_member").get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 secret"
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("role", ["anonymous", "outsider"])
def test_filtering_by_a_draft_project_reveals_nothing(role, leak_world, as_role):
    """The map's and lists' ``project`` filter with a draft project's id: refused (400), not
    found (404) or empty, never the draft's records."""
    client = as_role(role)
    query = f"?project={leak_world.draft_project.pk}"
    urls = [
        reverse("dialogues:coverage") + query,
        reverse("dialogues:list") + query,
        reverse("maps:map") + query,
        reverse("dialogue-list") + query,
        reverse("dialogue-list") + query + "&format=ics",
    ]
    for layer in LAYERS:
        urls.append(reverse(f"layers:{layer}") + query)
        urls.append(reverse("maps:download", args=[layer, "csv"]) + query)
    wrong = []
    for url in urls:
        response = client.get(url)
        if response.status_code not in (200, 400, 404):
            wrong.append(f"{url}: {response.status_code}")
        elif _has_marker(response):
            wrong.append(f"{url}: shows {MARKER}")
    assert not wrong, "\n".join(wrong)
