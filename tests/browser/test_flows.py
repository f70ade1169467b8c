"""The flows of the issue in Chromium: log in as each role, record a dialogue with
insights and a location, link an insight to a point of the statement of intent, adjust
minutes and see them locked, search, switch language."""

import datetime

import pytest
from django.utils import timezone

from decisions.models import AgendaItem, Meeting
from dialogues.models import Dialogue
from directions.models import DirectionVersion
from projects.models import Project
from tests.decisions.factories import AgendaItemFactory, DecisionPointFactory, MeetingFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    ("persona", "role_label", "may_edit"),
    [
        ("committee_member", "Ledamot", False),
        ("planner", "Planerare", True),
        ("registrar", "Nämndsekreterare", True),
        ("admin_user", "administratör", True),
    ],
)
def test_each_role_logs_in_and_sees_what_it_may_do(
    page, login, case, request, persona, role_label, may_edit
):
    user = request.getfixturevalue(persona)
    login(user)
    assert page.locator(".messages").inner_text().startswith("Du är inloggad som")
    assert role_label in page.locator(".account__role").inner_text()
    page.goto(case.get_absolute_url())
    assert (page.get_by_role("link", name="Redigera projektet").count() == 1) == may_edit
    page.get_by_role("button", name="Logga ut").click()
    assert "Du är utloggad." in page.locator(".messages").inner_text()
    assert page.get_by_role("link", name="Logga in").count() == 1


def test_planner_records_a_dialogue_with_insights_and_a_location(page, login, case, planner):
    login(planner)
    page.goto("/dialoger/")
    page.get_by_role("link", name="Ny dialog").click()
    page.get_by_label("Projekt").select_option(label=str(case))
    page.get_by_label("Rubrik").fill("Dialog om kollektivtrafik i Östersund")
    page.get_by_label("Datum").fill("2026-03-12")
    page.get_by_label("Intern eller extern").select_option(label="Extern (med andra aktörer)")
    page.get_by_label("Kommun", exact=True).select_option(label="Östersund")
    page.get_by_label("Östersunds kommun").check()
    page.get_by_label("Nya teman").fill("Kollektivtrafik")
    # The map places a point where it is clicked; typed coordinates then set it exactly.
    page.locator("[data-geometry-widget] [data-map-canvas]").click()
    assert page.get_by_label("Latitud (nord)").input_value() != ""
    page.get_by_label("Latitud (nord)").fill("63,1792")
    page.get_by_label("Longitud (ost)").fill("14.6357")
    page.get_by_label("Longitud (ost)").press("Tab")
    page.get_by_label("Publicerad").check()
    page.get_by_role("button", name="Spara", exact=True).click()

    assert "har skapats" in page.locator(".messages").inner_text()
    assert page.locator("h1").inner_text() == "Dialog om kollektivtrafik i Östersund"
    page.get_by_role("link", name="Lägg till insikt").first.click()
    page.get_by_label("Typ").select_option(label="Behov")
    page.get_by_label("Text").fill("Tätare turer mellan Östersund och Krokom.")
    page.get_by_role("button", name="Spara och lägg till en till").click()
    page.get_by_label("Typ").select_option(label="Efterfrågan")
    page.get_by_label("Text").fill("Gemensam biljett i hela länet.")
    page.get_by_role("button", name="Spara", exact=True).click()

    insights = page.locator(".insight-list > li")
    assert insights.count() == 2
    # Swedish number format in the table beside the map.
    assert "63,17920" in page.locator("#location").locator("..").inner_text()
    dialogue = Dialogue.objects.get(title="Dialog om kollektivtrafik i Östersund")
    assert dialogue.insights.count() == 2
    location = dialogue.location.transform(4326, clone=True)
    assert (round(location.x, 4), round(location.y, 4)) == (14.6357, 63.1792)
    assert [t.name for t in dialogue.themes.all()] == ["Kollektivtrafik"]


def test_planner_links_an_insight_to_a_point_of_a_new_version(page, login, case, planner):
    login(planner)
    page.goto("/viljeinriktning/")
    page.locator(".card h2 a").first.click()
    page.get_by_role("button", name="Föreslå en ny version").click()
    assert "har skapats som utkast" in page.locator(".messages").inner_text()
    assert page.locator("h1").inner_text().endswith("version 2")

    conclusion = case.conclusions.get(position=4)
    page.goto(case.get_absolute_url())
    page.locator(f"#insight-{conclusion.pk}").get_by_role(
        "link", name="Koppla till en punkt i viljeinriktningen"
    ).click()
    option = page.get_by_label("Punkt i viljeinriktningen").locator("option", has_text="punkt 4")
    page.get_by_label("Punkt i viljeinriktningen").select_option(
        value=option.get_attribute("value")
    )
    page.get_by_role("button", name="Koppla").click()

    assert "stöder nu punkt 4 i version 2" in page.locator(".messages").inner_text()
    draft = DirectionVersion.objects.get(status="draft")
    assert conclusion in draft.points.get(number=4).insights.all()
    page.goto(draft.get_absolute_url())
    assert "Ett fortsatt arbete och utveckling" in page.locator("#punkt-4").inner_text()


def test_registrar_adjusts_minutes_and_sees_them_locked(page, login, case, registrar):
    committee = case.agenda_items.first().meeting.committee
    meeting = MeetingFactory(
        committee=committee, date=timezone.localdate() - datetime.timedelta(days=3)
    )
    item = AgendaItemFactory(meeting=meeting, title="Budget för planering", number=None)
    login(registrar)
    page.goto(item.get_absolute_url())
    assert page.get_by_role("link", name="Redigera ärendet").count() == 1

    page.goto(meeting.get_absolute_url())
    page.get_by_role("link", name="Justera protokollet").click()
    page.get_by_label("Justerat av").fill("Anna Andersson, Bertil Berg")
    # The decision item has no beslut yet: refused, naming it.
    page.get_by_label("Jag bekräftar justeringen").check()
    page.get_by_role("button", name="Justera protokollet").click()
    assert "Budget för planering saknar både beslut och utfall" in page.locator("main").inner_text()
    meeting.refresh_from_db()
    assert meeting.minutes_status == Meeting.MinutesStatus.DRAFT
    AgendaItem.objects.filter(pk=item.pk).update(outcome=AgendaItem.Outcome.AS_PROPOSED)
    DecisionPointFactory(agenda_item=item)
    # Complete now, but not confirmed: refused again, the input kept.
    page.get_by_label("Jag bekräftar justeringen").uncheck()
    page.get_by_role("button", name="Justera protokollet").click()
    assert "Bekräfta justeringen" in page.locator("main").inner_text()
    page.get_by_label("Jag bekräftar justeringen").check()
    page.get_by_role("button", name="Justera protokollet").click()

    assert "Protokollet är justerat" in page.locator(".messages").inner_text()
    assert "Rättelser görs som nya uppgifter" in page.locator(".notice--locked").inner_text()
    page.goto(item.get_absolute_url())
    assert page.get_by_role("link", name="Redigera ärendet").count() == 0
    assert "Justerat protokoll" in page.locator(".notice--locked").inner_text()
    response = page.goto(f"/beslut/paragrafer/{item.pk}/andra/")
    assert response.status == 403
    assert "Rättelser görs som nya uppgifter" in page.locator("main").inner_text()

    page.goto(meeting.get_absolute_url())
    page.get_by_role("button", name="Publicera protokollet").click()
    assert "publicerat" in page.locator(".messages").inner_text()
    meeting.refresh_from_db()
    assert (meeting.minutes_status, meeting.adjusters) == (
        Meeting.MinutesStatus.PUBLISHED,
        "Anna Andersson, Bertil Berg",
    )


def test_search_finds_the_case_grouped_by_kind(page, case):
    page.goto("/")
    page.get_by_role("searchbox", name="Sök").first.fill("rumsliga perspektivet")
    page.get_by_role("searchbox", name="Sök").first.press("Enter")
    assert page.locator("h1").inner_text() == "Sök"
    headings = [h.split(" (")[0] for h in page.locator(".search-group h2").all_inner_texts()]
    assert {"Insikter", "Viljeinriktning", "Ärenden"} <= set(headings)
    page.locator("#results-directions").locator("..").get_by_role("link").first.click()
    assert page.url.endswith("#punkt-2")
    assert page.locator("h1").count() == 1


def test_the_language_switch_changes_the_portal_and_lang(page, case):
    page.goto(Project.objects.get().get_absolute_url())
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.get_by_role("heading", name="Tidslinje").count() == 1
    page.get_by_role("button", name="In English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Timeline").count() == 1
    assert "13 May 2025" in page.locator("#timeline").locator("..").inner_text()
    page.get_by_role("button", name="På svenska").click()
    assert page.locator("html").get_attribute("lang") == "sv"
    assert "13 maj 2025" in page.locator("#timeline").locator("..").inner_text()


def test_the_protocol_extract_prints_the_extract_only(page, case):
    item = case.agenda_items.get(kind="decision")
    page.goto(f"/beslut/paragrafer/{item.pk}/utdrag/")
    page.emulate_media(media="print")
    assert not page.locator("header.site-header").is_visible()
    assert not page.locator(".extract-tools").is_visible()
    assert page.locator(".extract").is_visible()
    assert "Justerandes sign" in page.locator(".extract__certification").inner_text()
    assert "Utdragsbestyrkande" in page.locator(".extract__certification").inner_text()
