from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import (
    editor_required,
    get_for_user,
    reader_required,
    registrar_required,
)
from core.formtools import any_errors
from core.pagination import paginate
from core.services import EditConflict, RuleRefused
from decisions import services
from decisions.access import get_agenda_item_for_user, get_document_for_user, get_meeting_for_user
from decisions.forms import (
    AdjustForm,
    AgendaItemForm,
    DecisionPointFormSet,
    DocumentForm,
    MeetingForm,
    ProposalPointFormSet,
    PublishForm,
)
from decisions.models import (
    AgendaItem,
    Committee,
    DecisionPoint,
    Document,
    Meeting,
    ProposalPoint,
)


def _meetings(user):
    return (
        Meeting.objects.visible_to(user)
        .select_related("committee__organisation")
        .annotate(item_count=Count("agenda_items"))
    )


@reader_required
def meeting_list(request):
    """Committees, upcoming meetings and past meetings (paginated). Constant queries
    (pinned in tests/decisions/test_views_list.py)."""
    committees = Committee.objects.visible_to(request.user).select_related(
        "organisation", "parent__organisation"
    )
    meetings = _meetings(request.user)
    # A presidium is part of its committee, not a nämnd of its own (issue 12): the list shows
    # committees with their parts beneath them, grouped here from the one query.
    parts: dict[int, list[Committee]] = {}
    for committee in committees:
        if committee.parent_id is not None:
            parts.setdefault(committee.parent_id, []).append(committee)
    committees = [
        (committee, parts.get(committee.pk, []))
        for committee in committees
        if committee.parent_id is None
    ]
    return render(
        request,
        "decisions/meeting_list.html",
        {
            "committees": committees,
            "upcoming": list(meetings.upcoming()),
            "page_obj": paginate(request, meetings.past()),
        },
    )


@reader_required
def committee_detail(request, pk):
    committee = get_for_user(
        Committee.objects.select_related("organisation", "parent__organisation"),
        request.user,
        pk=pk,
    )
    meetings = _meetings(request.user).filter(committee=committee)
    return render(
        request,
        "decisions/committee_detail.html",
        {
            "committee": committee,
            "subcommittees": committee.subcommittees.select_related("organisation"),
            "upcoming": list(meetings.upcoming()),
            "page_obj": paginate(request, meetings.past()),
        },
    )


@reader_required
def meeting_detail(request, pk):
    meeting = get_meeting_for_user(request, pk)
    items = (
        AgendaItem.objects.visible_to(request.user)
        .filter(meeting=meeting)
        .select_related("project")
        .annotate(document_count=Count("document_links"))
    )
    return render(
        request,
        "decisions/meeting_detail.html",
        {
            "meeting": meeting,
            "items": items,
            # Justering is offered from the meeting's day on (issue 12: not before).
            "can_adjust": meeting.minutes_status == "draft" and meeting.is_held,
            "publish_form": PublishForm() if meeting.minutes_status == "adjusted" else None,
        },
    )


@editor_required
def meeting_create(request):
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = services.meeting_create(data=form.cleaned_data, user=request.user)
        messages.success(request, _("The meeting was created. Add its agenda items below."))
        return redirect(meeting)
    return render(request, "decisions/meeting_form.html", {"form": form, "creating": True})


@editor_required
def meeting_edit(request, pk):
    meeting = get_meeting_for_user(request, pk, write=True)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_update(
                meeting=meeting, data=form.cleaned_data, version=form.version, user=request.user
            )
        except EditConflict as conflict:
            form.show_conflict(conflict)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect(meeting)
    return render(
        request,
        "decisions/meeting_form.html",
        {"form": form, "meeting": meeting, "creating": False},
        status=form.status_code,
    )


@registrar_required
def meeting_adjust_view(request, pk):
    """The registrar records the adjustment (justering): date, adjusters and an explicit
    confirmation. Incomplete minutes and meetings not yet held are refused by the service;
    the page lists what is missing before the form."""
    meeting = get_meeting_for_user(request, pk)
    form = AdjustForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_adjust(
                meeting=meeting,
                adjusted_on=form.cleaned_data["adjusted_on"],
                adjusters=form.cleaned_data["adjusters"],
                confirm=form.cleaned_data["confirm"],
                user=request.user,
            )
        except RuleRefused as refused:
            form.add_error(None, refused.message)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "The minutes are adjusted. Their agenda items, points and documents are "
                    "now read-only; corrections are made as new records."
                ),
            )
            return redirect(meeting)
    incomplete = meeting.incomplete_decision_items() if not meeting.is_locked else []
    return render(
        request,
        "decisions/meeting_adjust.html",
        {"meeting": meeting, "form": form, "incomplete": incomplete},
        status=400 if form.errors else 200,
    )


@registrar_required
@require_POST
def meeting_publish_view(request, pk):
    meeting = get_meeting_for_user(request, pk)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_publish(
                meeting=meeting,
                published_on=form.cleaned_data["published_on"],
                user=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The minutes are published and readable by everyone."))
    else:
        messages.error(request, _("Give the publication date."))
    return redirect(meeting)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@reader_required
def agenda_item_detail(request, pk):
    item = get_agenda_item_for_user(request, pk)
    context = _agenda_item_context(request, item)
    return render(request, "decisions/agenda_item_detail.html", context)


@reader_required
def agenda_item_extract(request, pk):
    """Protokollsutdrag: the record's header, the paragraph, and the certification lines;
    laid out for printing."""
    item = get_agenda_item_for_user(request, pk)
    if not item.meeting.minutes_in_portal:
        # Minutes the portal does not hold have no extract to certify (issue 12).
        raise Http404
    context = _agenda_item_context(request, item)
    return render(request, "decisions/agenda_item_extract.html", context)


def _agenda_item_context(request, item: AgendaItem) -> dict:
    user = request.user
    documents = (
        Document.objects.visible_to(user)
        .filter(agenda_links__agenda_item=item)
        .order_by("agenda_links__position", "pk")
    )
    return {
        "item": item,
        "meeting": item.meeting,
        "proposal_points": item.proposal_points.order_by("number"),
        "decision_points": item.decision_points.order_by("number").with_adopted_directions(user),
        "documents": documents,
    }


@editor_required
def agenda_item_create(request, pk):
    meeting = get_meeting_for_user(request, pk, write=True)
    position = meeting.agenda_items.count() + 1
    return _agenda_item_form(request, AgendaItem(meeting=meeting), initial={"position": position})


@editor_required
def agenda_item_edit(request, pk):
    return _agenda_item_form(request, get_agenda_item_for_user(request, pk, write=True))


def _agenda_item_form(request, item: AgendaItem, *, initial=None):
    creating = item.pk is None
    data = request.POST or None
    form = AgendaItemForm(data, instance=item, initial=initial)
    proposals = ProposalPointFormSet(
        data, instance=item, prefix="proposal", queryset=ProposalPoint.objects.order_by("number")
    )
    decisions = DecisionPointFormSet(
        data, instance=item, prefix="decision", queryset=DecisionPoint.objects.order_by("number")
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and proposals.is_valid()
        and decisions.is_valid()
    ):
        data = {
            **form.cleaned_data,
            "meeting": item.meeting,
            "proposal_points": _numbered(proposals),
            "decision_points": _numbered(decisions),
        }
        try:
            if creating:
                item = services.agenda_item_create(data=data, user=request.user)
            else:
                item = services.agenda_item_update(
                    agenda_item=item, data=data, version=form.version, user=request.user
                )
        except EditConflict as conflict:
            form.show_conflict(conflict)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("The agenda item was created.") if creating else _("The agenda item was saved."),
            )
            return redirect(item)
    return render(
        request,
        "decisions/agenda_item_form.html",
        {
            "form": form,
            "proposals": proposals,
            "decisions": decisions,
            "formsets": [proposals, decisions],
            "formsets_have_errors": request.method == "POST" and any_errors(proposals, decisions),
            "item": item,
            "meeting": item.meeting,
            "creating": creating,
        },
        status=form.status_code,
    )


def _numbered(formset) -> list[dict]:
    """The points a valid formset keeps, as the service takes them (matched by number)."""
    return [
        {"number": row.cleaned_data["number"], "text": row.cleaned_data["text"]}
        for row in formset.forms
        if row.cleaned_data and not row.cleaned_data.get("DELETE")
    ]


@editor_required
def document_create(request, pk):
    """Upload a beslutsunderlag to an agenda item of draft minutes."""
    item = get_agenda_item_for_user(request, pk, write=True)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        document = services.agenda_item_add_document(
            agenda_item=item, data=form.cleaned_data, user=request.user
        )
        messages.success(
            request, _("The document “%(title)s” was added.") % {"title": document.title}
        )
        return redirect(item)
    return render(request, "decisions/document_form.html", {"form": form, "item": item})


@reader_required
def document_detail(request, pk):
    document = get_document_for_user(request, pk)
    items = (
        AgendaItem.objects.visible_to(request.user)
        .filter(document_links__document=document)
        .select_related("meeting__committee__organisation")
    )
    return render(
        request, "decisions/document_detail.html", {"document": document, "agenda_items": items}
    )


@reader_required
def document_download(request, pk):
    """The document's file, after the same permission check as its page: never a public
    media URL. Non-public documents reach only roles (visible_to)."""
    document = get_document_for_user(request, pk)
    if not document.file:
        raise Http404
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    suffix = PurePath(document.file.name).suffix
    filename = document.original_filename or f"{slugify(document.title)[:80]}{suffix}"
    response = FileResponse(handle, as_attachment=True, filename=filename)
    response["Cache-Control"] = "private, no-store" if not document.is_public else "private"
    return response
