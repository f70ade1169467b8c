"""axe-core (WCAG 2.1 A and AA) on every page linked from the navigation and on the
record, form and history pages below them, anonymous and logged in; one <h1> each; and
no sideways scrolling on a 375 px phone."""

import pytest
from django.urls import reverse

from tests.page_world import build_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_world()


def record_pages(w) -> list[str]:
    return [
        reverse("projects:detail", args=[w.project.pk]),
        reverse("projects:list") + "?status=completed",
        w.dialogue.get_absolute_url(),
        reverse("dialogues:list") + "?sort=title",
        reverse("directions:detail", args=[w.direction.pk]),
        w.adopted_version.get_absolute_url(),
        reverse("decisions:committee", args=[w.committee.pk]),
        w.published_meeting.get_absolute_url(),
        w.published_item.get_absolute_url(),
        reverse("decisions:agenda_item_extract", args=[w.published_item.pk]),
        w.public_document.get_absolute_url(),
        w.municipality.get_absolute_url(),
        reverse("places:county", args=["23"]),
        w.area.get_absolute_url(),
        reverse("places:planning_area_list"),
        reverse("organisations:detail", args=[w.project.owner_id]),
        reverse("history", args=["projekt", w.project.pk]),
        reverse("search") + "?q=planering",
        reverse("search") + "?q=ingenting+alls",
        "/finns-inte/",
    ]


def role_pages(w) -> list[str]:
    point = w.draft_version.points.first()
    return [
        w.draft_version.get_absolute_url(),
        w.draft_meeting.get_absolute_url(),
        w.adjusted_meeting.get_absolute_url(),
        w.draft_item.get_absolute_url(),
        reverse("projects:create"),
        reverse("projects:edit", args=[w.project.pk]),
        reverse("dialogues:create"),
        reverse("dialogues:edit", args=[w.dialogue.pk]),
        reverse("dialogues:insight_create", args=[w.dialogue.pk]),
        reverse("dialogues:insight_link", args=[w.insight.pk]),
        reverse("directions:point_edit", args=[point.pk]),
        reverse("decisions:meeting_create"),
        reverse("decisions:agenda_item_create", args=[w.draft_meeting.pk]),
        reverse("decisions:agenda_item_edit", args=[w.draft_item.pk]),
        reverse("decisions:document_create", args=[w.draft_item.pk]),
        reverse("decisions:meeting_adjust", args=[w.draft_meeting.pk]),
        reverse("decisions:agenda_item_edit", args=[w.adjusted_item.pk]),  # 403 page
    ]


def navigation_links(page) -> list[str]:
    page.goto("/")
    links = page.locator("nav.site-nav a, footer.site-footer a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    return ["/", *dict.fromkeys(links)]


def problems_on(page, axe, url) -> list[str]:
    page.goto(url)
    page.wait_for_load_state("load")
    found = [f"{url}: {v}" for v in axe(page)]
    headings = page.locator("h1").count()
    if headings != 1:
        found.append(f"{url}: {headings} <h1>")
    return found


def test_every_page_in_the_navigation_passes_axe_anonymously(page, axe, world):
    urls = navigation_links(page)
    assert len(urls) >= 9
    problems = [p for url in urls + record_pages(world) for p in problems_on(page, axe, url)]
    assert problems == []


def test_every_page_in_the_navigation_passes_axe_logged_in(page, axe, login, world, registrar):
    login(registrar)
    urls = navigation_links(page)
    problems = [
        p
        for url in urls + record_pages(world) + role_pages(world)
        for p in problems_on(page, axe, url)
    ]
    assert problems == []


def test_the_english_pages_pass_axe_too(page, axe, world):
    page.goto("/")
    page.get_by_role("button", name="In English").click()
    page.wait_for_load_state("load")
    problems = [
        p
        for url in ["/", reverse("projects:detail", args=[world.project.pk])]
        for p in problems_on(page, axe, url)
    ]
    assert problems == []


def test_pages_fit_a_375_px_phone_without_sideways_scrolling(page, login, world, planner):
    page.set_viewport_size({"width": 375, "height": 800})
    login(planner)
    wide = []
    for url in [
        "/",
        reverse("projects:list"),
        reverse("projects:detail", args=[world.project.pk]),
        reverse("dialogues:list"),
        reverse("dialogues:create"),
        world.published_item.get_absolute_url(),
        reverse("decisions:list"),
        reverse("places:list"),
    ]:
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 375:
            wide.append(f"{url}: {width}px")
    assert wide == []


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_the_content(page, world):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Hoppa till innehållet"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
