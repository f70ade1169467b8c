"""Markup in a record's name is text in the maps' tooltips and popups, in Chromium (the
server-side escaping: tests/security/test_escaping.py)."""

import pytest
from django.urls import reverse

BROWSER_XSS = '<img src=x onerror="window.__xss = 1"><b>fet</b>'


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_popups_and_tooltips_show_markup_as_text_in_the_browser(page):
    """The planning area's name, full of markup, in the small map's tooltip and in the
    map page's popup: shown as text, and its script never runs."""
    from django.contrib.auth.models import Group

    from core.roles import ROLE_LABELS
    from tests.geometry import OSTERSUND, box
    from tests.places.factories import PlanningAreaFactory

    for role in ROLE_LABELS:  # a transactional test before this one may have flushed them
        Group.objects.get_or_create(name=role)
    area = PlanningAreaFactory(name=BROWSER_XSS, geometry=box(*OSTERSUND, size=0.1))

    page.goto(reverse("places:planning_area", args=[area.pk]))
    page.locator(".leaflet-interactive").first.hover()
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for()
    assert tooltip.inner_text() == BROWSER_XSS
    assert tooltip.locator("img, b").count() == 0

    page.goto(reverse("maps:map"))
    page.locator("[data-loaded=true]").wait_for(state="attached")  # the layers are drawn
    page.locator(f"[data-show-feature=planning-areas][data-feature-id='{area.pk}']").first.click()
    popup = page.locator(".leaflet-popup")
    popup.wait_for()
    assert BROWSER_XSS in popup.inner_text()
    assert popup.locator("img, b").count() == 0
    assert page.evaluate("window.__xss") is None
