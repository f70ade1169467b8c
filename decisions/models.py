"""
Decision records: committees, their meetings, the agenda items (§) of a meeting with the
points of *förslag till beslut* and of *beslut*, and the decision documents
(*beslutsunderlag*). Once the minutes of a meeting are adjusted (*justerat*), its agenda
items, points and documents are part of an official record and do not change.
"""

import uuid
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.diarienummer import CANONICAL_PATTERN
from core.fields import DiarienummerField
from core.models import SourcedModel, TimeStampedModel, VisibleQuerySet
from core.uploads import validate_upload


class Committee(TimeStampedModel):
    """A committee (nämnd) or its presidium. Its name lives on its organisation, so that it
    is also an actor like any other."""

    history_kind = "namnd"
    search_fields = ("organisation__name", "abbreviation")

    organisation = models.OneToOneField(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="committee",
        verbose_name=_("organisation"),
        limit_choices_to={"kind": "committee"},
    )
    abbreviation = models.CharField(
        _("abbreviation"),
        max_length=10,
        blank=True,
        help_text=_("The registry prefix of its case numbers, e.g. RUN."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subcommittees",
        verbose_name=_("part of"),
        help_text=_("For a presidium or working group: its committee."),
    )

    history = HistoricalRecords()
    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["parent_id", "pk"]

    def __str__(self) -> str:
        return self.organisation.name

    def get_absolute_url(self) -> str:
        return reverse("decisions:committee", args=[self.pk])


# Meetings the public reads: those with published minutes, and those the public record
# only mentions (their minutes are not in the portal, but that they were held is public).
PUBLIC_MINUTES_STATUSES = ("published", "not_in_portal")


class MeetingQuerySet(VisibleQuerySet):
    def published(self):
        return self.filter(Meeting.history_public)

    def upcoming(self):
        return self.filter(date__gte=timezone.localdate()).order_by("date")

    def past(self):
        return self.filter(date__lt=timezone.localdate()).order_by("-date")


class Meeting(SourcedModel):
    history_kind = "sammantrade"
    # Which of its historical rows readers without a role see (core.history.public_history):
    # the condition of published(), on the row's own fields.
    history_public = Q(minutes_status__in=PUBLIC_MINUTES_STATUSES)
    search_fields = ("location", "committee__organisation__name")

    class Kind(models.TextChoices):
        SESSION = "session", _("Meeting (sammanträde)")
        CHECK_IN = "check_in", _("Check-in (avstämning)")

    class MinutesStatus(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ADJUSTED = "adjusted", _("Adjusted (justerat)")
        PUBLISHED = "published", _("Published")
        # A meeting the public record mentions, whose minutes the portal does not hold: what
        # they say is unknown here, so there is no extract and no "adjusted" box. Like
        # adjusted minutes it does not change (the database triggers lock every status but
        # draft).
        NOT_IN_PORTAL = "not_in_portal", _("Not in the portal")

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("committee")
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SESSION)
    location = models.CharField(_("place"), max_length=200, blank=True)
    minutes_status = models.CharField(
        _("minutes"), max_length=20, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    adjusted_on = models.DateField(_("adjusted on"), null=True, blank=True)
    adjusters = models.CharField(
        _("adjusters"),
        max_length=300,
        blank=True,
        help_text=_("The members who adjusted (justerade) the minutes, as the record names them."),
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)

    history = HistoricalRecords()
    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "date", "kind"], name="decisions_meeting_unique_per_day"
            ),
            models.CheckConstraint(
                condition=~Q(minutes_status="draft")
                | Q(adjusted_on__isnull=True, published_on__isnull=True),
                name="decisions_meeting_draft_not_adjusted",
                violation_error_message=_("Draft minutes have no adjustment or publication date."),
            ),
            models.CheckConstraint(
                condition=Q(adjusted_on__isnull=True) | Q(adjusted_on__gte=models.F("date")),
                name="decisions_meeting_adjusted_after_meeting",
                violation_error_message=_("Minutes cannot be adjusted before the meeting."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee} {self.date:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("decisions:meeting", args=[self.pk])

    @property
    def is_locked(self) -> bool:
        """Adjusted minutes are an official record: nothing in them changes."""
        return self.minutes_status != self.MinutesStatus.DRAFT

    @property
    def is_check_in(self) -> bool:
        """An avstämning: not a sammanträde with §, whoever it is held with."""
        return self.kind == self.Kind.CHECK_IN

    @property
    def minutes_in_portal(self) -> bool:
        """Whether the portal holds the minutes (draft, adjusted or published): only then is
        there a protocol to extract from."""
        return self.minutes_status != self.MinutesStatus.NOT_IN_PORTAL

    @property
    def is_held(self) -> bool:
        """Whether the meeting's day has come: minutes of a meeting not yet held cannot be
        adjusted (the justering form is offered only from that day)."""
        return self.date <= timezone.localdate()

    def incomplete_decision_items(self) -> list[tuple["AgendaItem", list[str]]]:
        """The decision items (beslutsärenden) that lack a beslut or an outcome, each with
        what it lacks (``"decision"``, ``"outcome"``), in agenda order. Justering checks it:
        adjusted minutes lock for good, so an empty decision would stay empty. One query."""
        items = (
            self.agenda_items.filter(kind=AgendaItem.Kind.DECISION)
            .annotate(decision_count=models.Count("decision_points"))
            .order_by("position", "number", "pk")
        )
        incomplete = []
        for item in items:
            lacks = [
                *(["decision"] if not item.decision_count else []),
                *(["outcome"] if not item.outcome else []),
            ]
            if lacks:
                incomplete.append((item, lacks))
        return incomplete


class AgendaItemQuerySet(VisibleQuerySet):
    def published(self):
        return self.filter(meeting__minutes_status__in=PUBLIC_MINUTES_STATUSES)


class AgendaItem(TimeStampedModel):
    """A paragraph (§) of a meeting."""

    history_kind = "paragraf"
    # As public as its meeting: its history counts from the minutes' publication.
    history_parents = ("meeting",)
    search_fields = ("title", "summary", "diarienummer")
    search_index = "decisions_agendaitem_search"

    class Kind(models.TextChoices):
        DECISION = "decision", _("Decision")
        INFORMATION = "information", _("Information")
        CHECK_IN = "check_in", _("Check-in")

    class Outcome(models.TextChoices):
        AS_PROPOSED = "as_proposed", _("Decided as proposed")
        AMENDED = "amended", _("Decided with changes")
        REFERRED_BACK = "referred_back", _("Referred back (återremiss)")
        TABLED = "tabled", _("Tabled (bordlagt)")
        NOTED = "noted", _("Noted")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="agenda_items", verbose_name=_("meeting")
    )
    number = models.PositiveIntegerField(
        _("§"), null=True, blank=True, help_text=_("Empty when the record does not give it.")
    )
    # committee and year repeat the meeting's, because § numbers run per committee and year
    # and only a constraint on this table's own columns lets the database guard that.
    # AgendaItem.clean() sets them; services call full_clean() before every save.
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="+", editable=False
    )
    year = models.PositiveSmallIntegerField(editable=False)
    position = models.PositiveSmallIntegerField(_("position on the agenda"), default=0)
    diarienummer = DiarienummerField(blank=True)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    summary = models.TextField(_("summary"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("project"),
    )
    documents = models.ManyToManyField(
        "Document",
        through="AgendaItemDocument",
        blank=True,
        related_name="agenda_items",
        verbose_name=_("decision documents"),
    )

    history = HistoricalRecords()
    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year", "number"],
                name="decisions_agendaitem_unique_paragraph",
                violation_error_message=_("This § number is already used this year."),
            ),
            models.CheckConstraint(
                condition=Q(diarienummer="") | Q(diarienummer__regex=CANONICAL_PATTERN),
                name="decisions_agendaitem_diarienummer_format",
            ),
        ]

    def __str__(self) -> str:
        if self.number is not None:
            return f"§ {self.number} {self.title}"
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("decisions:agenda_item", args=[self.pk])

    def clean(self) -> None:
        if self.meeting_id:
            self.committee_id = self.meeting.committee_id
            self.year = self.meeting.date.year
            # An avstämning (e.g. with the presidium) is not a sammanträde: it has topics, no
            # paragraphs, so no § number (issue 12). Services call full_clean() on every path.
            if self.meeting.kind == Meeting.Kind.CHECK_IN and self.number is not None:
                raise ValidationError(
                    {
                        "number": _(
                            "A check-in (avstämning) is not a meeting with §: leave it empty."
                        )
                    }
                )

    @property
    def is_locked(self) -> bool:
        return self.meeting.is_locked


class PointQuerySet(VisibleQuerySet):
    """Points of a proposal or decision are as public as their agenda item."""

    def published(self):
        return self.filter(agenda_item__meeting__minutes_status__in=PUBLIC_MINUTES_STATUSES)


class DecisionPointQuerySet(PointQuerySet):
    def with_adopted_directions(self, user):
        """Prefetch the statement-of-intent versions each point adopted, those ``user`` may
        see. The model comes through the relation: decisions sit below directions."""
        versions = DecisionPoint._meta.get_field("adopted_directions").related_model.objects
        return self.prefetch_related(
            models.Prefetch(
                "adopted_directions", versions.visible_to(user).select_related("direction")
            )
        )


class NumberedPoint(TimeStampedModel):
    """A numbered point of a proposal or a decision; the two are kept apart because a
    committee may decide otherwise than proposed."""

    search_fields = ("text",)

    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="+", verbose_name=_("agenda item")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("text"))

    objects = PointQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["agenda_item", "number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"

    @property
    def is_locked(self) -> bool:
        return self.agenda_item.is_locked


class ProposalPoint(NumberedPoint):
    """A point of *förslag till beslut*."""

    search_index = "decisions_proposalpoint_search"

    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        related_name="proposal_points",
        verbose_name=_("agenda item"),
    )
    history = HistoricalRecords()

    class Meta(NumberedPoint.Meta):
        verbose_name = _("proposal point")
        verbose_name_plural = _("proposal points (förslag till beslut)")
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "number"], name="decisions_proposalpoint_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="decisions_proposalpoint_number_positive"
            ),
        ]


class DecisionPoint(NumberedPoint):
    """A point of *beslut*."""

    search_index = "decisions_decisionpoint_search"

    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        related_name="decision_points",
        verbose_name=_("agenda item"),
    )
    history = HistoricalRecords()

    objects = DecisionPointQuerySet.as_manager()

    class Meta(NumberedPoint.Meta):
        verbose_name = _("decision point")
        verbose_name_plural = _("decision points (beslut)")
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "number"], name="decisions_decisionpoint_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="decisions_decisionpoint_number_positive"
            ),
        ]

    def get_absolute_url(self) -> str:
        return f"{self.agenda_item.get_absolute_url()}#beslut-{self.number}"


def document_upload_to(instance, filename: str) -> str:
    """Uploaded files are stored under generated names; the original name is kept on the
    record only as metadata."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"documents/{timezone.now():%Y}/{uuid.uuid4().hex}{suffix}"


class DocumentQuerySet(VisibleQuerySet):
    def published(self):
        in_published_minutes = AgendaItemDocument.objects.filter(
            document=OuterRef("pk"),
            agenda_item__meeting__minutes_status__in=PUBLIC_MINUTES_STATUSES,
        )
        return self.filter(
            Q(is_public=True) & (Q(project__is_published=True) | Exists(in_published_minutes))
        )


class Document(SourcedModel):
    """A document: beslutsunderlag of agenda items, and/or a document of a project."""

    history_kind = "handling"
    # Which of its historical rows readers without a role see (core.history.public_history):
    # those in which it was public (published() also asks for a published project or
    # minutes, which the history page's own access check asks of the document now).
    history_public = Q(is_public=True)
    search_fields = ("title", "diarienummer")
    search_index = "decisions_document_search"

    class Kind(models.TextChoices):
        OFFICIAL_MEMO = "official_memo", _("Official memo (tjänsteskrivelse)")
        PROJECT_REPORT = "project_report", _("Project report")
        DELEGATION_DECISION = "delegation_decision", _("Delegation decision")
        MINUTES = "minutes", _("Minutes")
        APPENDIX = "appendix", _("Appendix")
        OTHER = "other", _("Other")

    title = models.CharField(_("title"), max_length=400)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    date = models.DateField(_("date"), null=True, blank=True)
    diarienummer = DiarienummerField(blank=True)
    file = models.FileField(
        _("file"), upload_to=document_upload_to, blank=True, validators=[validate_upload]
    )
    original_filename = models.CharField(_("original file name"), max_length=255, blank=True)
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Documents are public unless secrecy applies under OSL."),
    )
    secrecy_reason = models.CharField(
        _("secrecy reason"),
        max_length=300,
        blank=True,
        help_text=_("Required when not public: the provision of OSL that applies."),
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("project"),
    )

    history = HistoricalRecords()
    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_public=True, secrecy_reason="")
                | (Q(is_public=False) & ~Q(secrecy_reason="")),
                name="decisions_document_secrecy_reason_iff_not_public",
                violation_error_message=_(
                    "A document that is not public needs a secrecy reason, and only then."
                ),
            ),
            models.CheckConstraint(
                condition=Q(diarienummer="") | Q(diarienummer__regex=CANONICAL_PATTERN),
                name="decisions_document_diarienummer_format",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("decisions:document", args=[self.pk])

    @property
    def is_locked(self) -> bool:
        """A document that underlies an agenda item of adjusted minutes is part of the
        official record."""
        return self.agenda_links.exclude(
            agenda_item__meeting__minutes_status=Meeting.MinutesStatus.DRAFT
        ).exists()


class AgendaItemDocument(models.Model):
    """A document as beslutsunderlag of an agenda item, in the order the record lists them."""

    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="document_links"
    )
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="agenda_links")
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision document")
        verbose_name_plural = _("decision documents (beslutsunderlag)")
        ordering = ["agenda_item", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "document"], name="decisions_agendaitemdocument_unique"
            ),
        ]

    def __str__(self) -> str:
        return str(self.document)

    @property
    def is_locked(self) -> bool:
        """A link of adjusted minutes is part of the official record (a restore from the
        history asks too)."""
        return self.agenda_item.is_locked
