import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction

from dialogues.models import Dialogue, Insight
from tests.dialogues.factories import DialogueFactory, InsightFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_an_insight_comes_from_a_dialogue_or_a_project_not_both():
    dialogue = DialogueFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        InsightFactory(dialogue=dialogue, project=dialogue.project)


def test_an_insight_needs_an_origin():
    with pytest.raises(IntegrityError), transaction.atomic():
        InsightFactory(dialogue=None, project=None)


def test_a_dialogue_date_may_be_unknown():
    dialogue = DialogueFactory(date=None, format="")
    dialogue.full_clean()
    assert str(dialogue) == dialogue.title


def test_insights_of_a_project_include_its_dialogues_and_its_conclusions():
    project = ProjectFactory()
    from_dialogue = InsightFactory(dialogue=DialogueFactory(project=project))
    conclusion = InsightFactory(dialogue=None, project=project)
    InsightFactory()  # another project's
    assert set(Insight.objects.of_project(project)) == {from_dialogue, conclusion}


def test_anonymous_sees_only_published_dialogues_and_their_insights(committee_member):
    published = DialogueFactory(is_published=True)
    draft = DialogueFactory(is_published=False)
    visible_insight = InsightFactory(dialogue=published)
    InsightFactory(dialogue=draft)
    assert list(Dialogue.objects.visible_to(AnonymousUser())) == [published]
    assert list(Insight.objects.visible_to(AnonymousUser())) == [visible_insight]
    assert Dialogue.objects.visible_to(committee_member).count() == 2


def test_public_reading_off_hides_everything_from_anonymous(settings):
    settings.PUBLIC_READING = False
    DialogueFactory(is_published=True)
    assert not Dialogue.objects.visible_to(AnonymousUser()).exists()


def test_dialogue_history_records_participants(planner):
    from tests.organisations.factories import OrganisationFactory

    dialogue = DialogueFactory()
    dialogue.organisations.add(OrganisationFactory(name="Åre kommun", kind="other"))
    dialogue.title = "Ny titel"
    dialogue.save()
    latest = dialogue.history.latest()
    assert [o.organisation.name for o in latest.organisations.all()] == ["Åre kommun"]
