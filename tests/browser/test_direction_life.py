"""Version 2 of the real case's viljeinriktning walked in Chromium from proposal to adoption,
then compared with version 1 (issue 14, section 6). The new meeting and its § are test data
beside the case; the case itself is not changed."""

import datetime

import pytest
from django.utils import timezone

from directions.models import DirectionVersion
from tests.decisions.factories import (
    AgendaItemFactory,
    DecisionPointFactory,
    MeetingFactory,
    ProposalPointFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_version_2_is_proposed_adopted_and_compared_with_version_1(
    page, login, axe, case, planner, registrar
):
    committee = case.agenda_items.first().meeting.committee
    meeting = MeetingFactory(
        committee=committee, date=timezone.localdate() - datetime.timedelta(days=2)
    )
    item = AgendaItemFactory(
        meeting=meeting, title="Reviderad viljeinriktning", number=None, outcome="as_proposed"
    )
    ProposalPointFactory(agenda_item=item, text="Nämnden föreslås anta version 2.")
    DecisionPointFactory(agenda_item=item, text="Nämnden antar version 2.")

    login(planner)
    page.goto("/viljeinriktning/")
    page.locator(".card h2 a").first.click()
    page.get_by_role("button", name="Föreslå en ny version").click()
    assert page.locator("h1").inner_text().endswith("version 2")
    # A point moves up, without script.
    page.get_by_role("button", name="Flytta punkt 4 upp").click()
    assert "Punkten flyttades till plats 3" in page.locator(".messages").inner_text()

    page.get_by_role("link", name="Föreslå denna version genom ett ärende").click()
    field = page.get_by_label("Punkt i förslag till beslut")
    field.select_option(
        value=field.locator("option", has_text="föreslås anta version 2").get_attribute("value")
    )
    page.get_by_role("button", name="Föreslå").click()
    assert "Versionen är föreslagen" in page.locator(".messages").inner_text()
    assert "Föreslagen i" in page.locator("main").inner_text()

    page.get_by_role("link", name="Ange beslutet som antar denna version").click()
    field = page.get_by_label("Punkt i beslut")
    field.select_option(
        value=field.locator("option", has_text="antar version 2").get_attribute("value")
    )
    page.get_by_role("button", name="Ange beslutet").click()
    assert "Beslutet är angivet" in page.locator(".messages").inner_text()
    page.get_by_role("button", name="Logga ut").click()

    login(registrar)
    page.goto(meeting.get_absolute_url())
    page.get_by_role("link", name="Justera protokollet").click()
    page.get_by_label("Justerat av").fill("Anna Andersson")
    page.get_by_label("Jag bekräftar justeringen").check()
    page.get_by_role("button", name="Justera protokollet").click()
    assert "Protokollet är justerat" in page.locator(".messages").inner_text()

    second = DirectionVersion.objects.get(number=2)
    first = DirectionVersion.objects.get(number=1)
    assert (first.status, second.status) == ("superseded", "adopted")
    page.goto(second.get_absolute_url())
    page.get_by_role("link", name="Jämför med version 1").click()
    table = page.locator("table.compare")
    assert "Version 1" in table.inner_text() and "Version 2" in table.inner_text()
    rows = table.locator("tbody tr")
    assert rows.count() == 4
    assert "Texten ändrad" in rows.nth(2).inner_text()  # points 3 and 4 swapped places
    assert axe(page) == []
