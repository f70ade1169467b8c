"""Two planners, two browsers, one dialogue: the second save gets the conflict page, keeps
its input, shows what the first changed and by whom, and saves deliberately on request."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from core import roles
from dialogues.models import Dialogue
from tests.dialogues.factories import DialogueFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_planners(browser, live_server, django_user_model):
    group = Group.objects.get_or_create(name=roles.PLANNER)[0]
    contexts, pages = [], []
    for username, first, last in [("anna", "Anna", "Ek"), ("bo", "Bo", "Gran")]:
        user = django_user_model.objects.create_user(
            username=username, password="correct-horse-battery", first_name=first, last_name=last
        )
        user.groups.add(group)
        context = browser.new_context(base_url=live_server.url, locale="sv-SE")
        context.route(lambda url: not url.startswith(live_server.url), lambda r: r.abort())
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(reverse("login"))
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", "correct-horse-battery")
        page.locator("form [type=submit]").last.click()
        page.wait_for_load_state()
        contexts.append(context)
        pages.append(page)
    yield pages
    for context in contexts:
        context.close()


def test_two_planners_edit_the_same_dialogue(two_planners):
    anna, bo = two_planners
    dialogue = DialogueFactory(title="Dialog om stråk", summary="Första versionen.")
    edit = f"/dialoger/{dialogue.pk}/andra/"
    anna.goto(edit)
    bo.goto(edit)

    anna.get_by_label("Sammanfattning").fill("Annas sammanfattning.")
    anna.get_by_role("button", name="Spara", exact=True).click()
    assert "har sparats" in anna.locator(".messages").inner_text()

    bo.get_by_label("Sammanfattning").fill("Bos sammanfattning.")
    bo.get_by_label("Rubrik").fill("Bos rubrik")
    with bo.expect_response(lambda r: r.request.method == "POST") as answer:
        bo.get_by_role("button", name="Spara", exact=True).click()
    assert answer.value.status == 409

    conflict = bo.locator(".conflict")
    assert "Någon annan har ändrat uppgiften" in conflict.inner_text()
    row = conflict.locator("tr", has_text="Annas sammanfattning.")
    assert "Bos sammanfattning." in row.inner_text()
    assert "Anna Ek" in row.inner_text()
    # Bo's input is still in the form; nothing of it was saved.
    assert bo.get_by_label("Sammanfattning").input_value() == "Bos sammanfattning."
    assert bo.get_by_label("Rubrik").input_value() == "Bos rubrik"
    dialogue.refresh_from_db()
    assert (dialogue.title, dialogue.summary) == ("Dialog om stråk", "Annas sammanfattning.")

    # Bo decides his version wins and saves again.
    bo.get_by_role("button", name="Spara", exact=True).click()
    assert "har sparats" in bo.locator(".messages").inner_text()
    dialogue = Dialogue.objects.get(pk=dialogue.pk)
    assert (dialogue.title, dialogue.summary) == ("Bos rubrik", "Bos sammanfattning.")
