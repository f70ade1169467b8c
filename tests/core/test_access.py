"""The permission layer: who sees and who may change what."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from core.access import RecordLocked
from decisions.access import get_agenda_item_for_user, get_document_for_user
from decisions.models import AgendaItemDocument
from dialogues.access import get_dialogue_for_user
from projects.access import get_project_for_user
from tests.decisions.factories import AgendaItemFactory, DocumentFactory, MeetingFactory
from tests.dialogues.factories import DialogueFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def request_as(user):
    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    return request


def test_anonymous_reads_published_and_gets_404_for_drafts():
    published, draft = DialogueFactory(is_published=True), DialogueFactory(is_published=False)
    assert get_dialogue_for_user(request_as(None), published.pk) == published
    with pytest.raises(Http404):
        get_dialogue_for_user(request_as(None), draft.pk)


def test_committee_member_reads_drafts_but_may_not_change_them(committee_member):
    draft = ProjectFactory(is_published=False)
    assert get_project_for_user(request_as(committee_member), draft.pk) == draft
    with pytest.raises(PermissionDenied):
        get_project_for_user(request_as(committee_member), draft.pk, write=True)


def test_outsider_without_a_role_is_treated_like_the_public(outsider):
    draft = ProjectFactory(is_published=False)
    with pytest.raises(Http404):
        get_project_for_user(request_as(outsider), draft.pk)


def test_planner_may_change_drafts(planner):
    draft = DialogueFactory(is_published=False)
    assert get_dialogue_for_user(request_as(planner), draft.pk, write=True) == draft


def test_adjusted_minutes_are_locked_for_everyone(registrar, admin_user):
    item = AgendaItemFactory(meeting=MeetingFactory(minutes_status="adjusted"))
    document = DocumentFactory()
    AgendaItemDocument.objects.create(agenda_item=item, document=document)
    for user in (registrar, admin_user):
        with pytest.raises(RecordLocked):
            get_agenda_item_for_user(request_as(user), item.pk, write=True)
        with pytest.raises(RecordLocked):
            get_document_for_user(request_as(user), document.pk, write=True)


def test_draft_minutes_can_be_changed_by_a_planner(planner):
    item = AgendaItemFactory(meeting=MeetingFactory(minutes_status="draft"))
    assert get_agenda_item_for_user(request_as(planner), item.pk, write=True) == item
