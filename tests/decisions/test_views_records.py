import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from decisions.models import AgendaItem, AgendaItemDocument, Document, Meeting
from tests.decisions.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    DecisionPointFactory,
    DocumentFactory,
    MeetingFactory,
    ProposalPointFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_registrar_adjusts_minutes_and_everything_in_them_locks(client, registrar):
    meeting = MeetingFactory(date=TODAY - datetime.timedelta(days=2))
    item = AgendaItemFactory(meeting=meeting, outcome=AgendaItem.Outcome.AS_PROPOSED)
    DecisionPointFactory(agenda_item=item)
    client.force_login(registrar)
    response = client.post(
        reverse("decisions:meeting_adjust", args=[meeting.pk]),
        {"adjusted_on": TODAY.isoformat(), "adjusters": "Anna Andersson", "confirm": "on"},
        follow=True,
    )
    content = response.content.decode()
    assert "Corrections are made as new records" in content
    meeting.refresh_from_db()
    assert (meeting.minutes_status, meeting.adjusted_on) == ("adjusted", TODAY)
    locked = client.get(reverse("decisions:agenda_item_edit", args=[item.pk]))
    assert locked.status_code == 403
    assert "Corrections are made as new records" in locked.content.decode()
    item_page = client.get(item.get_absolute_url()).content.decode()
    assert reverse("decisions:agenda_item_edit", args=[item.pk]) not in item_page
    assert "read-only for everyone" in item_page


def test_a_future_adjustment_date_is_refused_next_to_the_field(client, registrar):
    meeting = MeetingFactory(date=TODAY - datetime.timedelta(days=2))
    client.force_login(registrar)
    response = client.post(
        reverse("decisions:meeting_adjust", args=[meeting.pk]),
        {"adjusted_on": (TODAY + datetime.timedelta(days=5)).isoformat(), "adjusters": "Anna"},
    )
    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()
    assert 'value="Anna"' in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.minutes_status == "draft"


def test_a_planner_may_not_adjust_minutes(client, planner):
    meeting = MeetingFactory(date=TODAY - datetime.timedelta(days=2))
    client.force_login(planner)
    response = client.post(
        reverse("decisions:meeting_adjust", args=[meeting.pk]),
        {"adjusted_on": TODAY.isoformat(), "adjusters": "Anna"},
    )
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.minutes_status == "draft"


def test_registrar_publishes_adjusted_minutes_for_everyone(client, registrar):
    meeting = MeetingFactory(
        date=TODAY - datetime.timedelta(days=5),
        minutes_status="adjusted",
        adjusted_on=TODAY - datetime.timedelta(days=1),
        adjusters="Anna",
    )
    client.force_login(registrar)
    client.post(reverse("decisions:meeting_publish", args=[meeting.pk]), {"published_on": TODAY})
    meeting.refresh_from_db()
    assert meeting.minutes_status == Meeting.MinutesStatus.PUBLISHED
    client.logout()
    assert client.get(meeting.get_absolute_url()).status_code == 200


def test_publishing_draft_minutes_is_refused_with_a_message(client, registrar):
    meeting = MeetingFactory(date=TODAY - datetime.timedelta(days=5))
    client.force_login(registrar)
    response = client.post(
        reverse("decisions:meeting_publish", args=[meeting.pk]),
        {"published_on": TODAY},
        follow=True,
    )
    assert "Adjust the minutes before publishing them." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.minutes_status == "draft"


def test_planner_drafts_an_agenda_item_with_proposal_and_decision_kept_apart(client, planner):
    meeting = MeetingFactory()
    client.force_login(planner)
    response = client.post(
        reverse("decisions:agenda_item_create", args=[meeting.pk]),
        {
            "number": "12",
            "position": "1",
            "diarienummer": "run/5/2026",
            "title": "Regional plan",
            "kind": "decision",
            "summary": "Sammanfattning",
            "outcome": "amended",
            "proposal-TOTAL_FORMS": "1",
            "proposal-INITIAL_FORMS": "0",
            "proposal-0-number": "1",
            "proposal-0-text": "Nämnden föreslås anta planen.",
            "decision-TOTAL_FORMS": "1",
            "decision-INITIAL_FORMS": "0",
            "decision-0-number": "1",
            "decision-0-text": "Nämnden antar planen med ändringar.",
        },
    )
    item = AgendaItem.objects.get(title="Regional plan")
    assert response["Location"] == item.get_absolute_url()
    assert (item.committee_id, item.year, item.diarienummer) == (
        meeting.committee_id,
        meeting.date.year,
        "RUN/5/2026",
    )
    assert [p.text for p in item.proposal_points.all()] == ["Nämnden föreslås anta planen."]
    assert [p.text for p in item.decision_points.all()] == ["Nämnden antar planen med ändringar."]
    page = client.get(item.get_absolute_url()).content.decode()
    assert page.index("Nämnden föreslås anta planen.") < page.index("Nämnden antar planen med")


def test_a_paragraph_number_used_this_year_is_refused_next_to_the_field(client, planner):
    committee = CommitteeFactory()
    AgendaItemFactory(
        meeting=MeetingFactory(committee=committee, date=datetime.date(2026, 2, 1)), number=7
    )
    meeting = MeetingFactory(committee=committee, date=datetime.date(2026, 3, 1))
    client.force_login(planner)
    response = client.post(
        reverse("decisions:agenda_item_create", args=[meeting.pk]),
        {
            "number": "7",
            "position": "1",
            "title": "Dubblett",
            "kind": "decision",
            "proposal-TOTAL_FORMS": "0",
            "proposal-INITIAL_FORMS": "0",
            "decision-TOTAL_FORMS": "0",
            "decision-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "already used this year" in response.content.decode()
    assert not AgendaItem.objects.filter(title="Dubblett").exists()


def test_planner_uploads_a_document_and_readers_download_it_through_the_portal(
    client, planner, media
):
    item = AgendaItemFactory(meeting=MeetingFactory(minutes_status="draft"))
    client.force_login(planner)
    client.post(
        reverse("decisions:document_create", args=[item.pk]),
        {
            "title": "Tjänsteskrivelse",
            "kind": "official_memo",
            "file": SimpleUploadedFile("skrivelse.pdf", b"%PDF-1.4 innehall"),
            "is_public": "on",
        },
    )
    document = item.documents.get()
    response = client.get(reverse("decisions:document_download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 innehall"
    assert 'filename="skrivelse.pdf"' in response["Content-Disposition"]
    assert response["Content-Disposition"].startswith("attachment")
    # The stored file is not served under the media URL by the portal.
    assert "/media/" not in client.get(document.get_absolute_url()).content.decode()


def test_an_upload_of_a_refused_kind_is_refused_next_to_the_field(client, planner, media):
    item = AgendaItemFactory()
    client.force_login(planner)
    response = client.post(
        reverse("decisions:document_create", args=[item.pk]),
        {
            "title": "Skript",
            "kind": "other",
            "file": SimpleUploadedFile("elak.html", b"<script>"),
            "is_public": "on",
        },
    )
    assert response.status_code == 200
    assert "are not accepted" in response.content.decode()
    assert not Document.objects.exists()


def test_a_secret_document_needs_its_reason(client, planner, media):
    item = AgendaItemFactory()
    client.force_login(planner)
    response = client.post(
        reverse("decisions:document_create", args=[item.pk]),
        {"title": "Hemlig", "kind": "appendix"},
    )
    assert response.status_code == 200
    assert "needs a secrecy reason" in response.content.decode()
    assert not Document.objects.exists()


def test_secret_documents_are_downloaded_by_roles_only(client, committee_member, media):
    document = DocumentFactory(is_public=False, secrecy_reason="OSL 19 kap. 3 §")
    document.file.save("hemlig.pdf", ContentFile(b"hemligt"), save=True)
    published = MeetingFactory(minutes_status="published")
    AgendaItemDocument.objects.create(
        agenda_item=AgendaItemFactory(meeting=published), document=document
    )
    url = reverse("decisions:document_download", args=[document.pk])
    assert client.get(url).status_code == 404
    client.force_login(committee_member)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_document_without_a_file_has_no_download(client, media):
    document = DocumentFactory(project=None)
    AgendaItemDocument.objects.create(
        agenda_item=AgendaItemFactory(meeting=MeetingFactory(minutes_status="published")),
        document=document,
    )
    assert client.get(reverse("decisions:document_download", args=[document.pk])).status_code == 404


def test_the_protocol_extract_has_the_header_and_certification_lines(client, case, swedish):
    item = AgendaItem.objects.get(diarienummer="RUN/479/2024")
    content = client.get(reverse("decisions:agenda_item_extract", args=[item.pk])).content.decode()
    assert "PROTOKOLLSUTDRAG" in content
    assert "Regionala utvecklingsnämnden" in content
    assert "2025-05-13" in content
    assert "Justerandes sign" in content
    assert "Utdragsbestyrkande" in content
    assert "Förslag till beslut" in content and "Beslut" in content
    assert "css/print.css" in content


def test_agenda_item_page_shows_the_adopted_statement_and_swedish_dates(client, case, swedish):
    item = AgendaItem.objects.get(diarienummer="RUN/479/2024")
    content = client.get(item.get_absolute_url()).content.decode()
    assert "13 maj 2025" in content
    assert "viljeinriktning för det fortsatta arbetet" in content
    assert "Tjänsteskrivelse Projekt" in content


def test_proposal_and_decision_points_of_a_draft_are_visible_to_members(client, committee_member):
    item = AgendaItemFactory()
    ProposalPointFactory(agenda_item=item, text="Förslaget")
    DecisionPointFactory(agenda_item=item, text="Beslutet")
    client.force_login(committee_member)
    content = client.get(item.get_absolute_url()).content.decode()
    assert "Förslaget" in content and "Beslutet" in content
    assert reverse("decisions:agenda_item_edit", args=[item.pk]) not in content
