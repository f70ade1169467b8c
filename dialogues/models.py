from django.contrib.gis.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.geo import STORAGE_SRID
from core.models import SourcedModel, TimeStampedModel, VisibleQuerySet
from projects.models import Project


class Theme(models.Model):
    """A subject a dialogue touched on (e.g. kompetensförsörjning, infrastruktur)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    history = HistoricalRecords()
    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DialogueQuerySet(VisibleQuerySet):
    def published(self):
        return self.filter(Dialogue.history_public)


class Dialogue(SourcedModel):
    """A dialogue meeting held within a project, with organisations (never private
    persons). The date stays empty when the record does not give it."""

    history_kind = "dialog"
    # Which of its historical rows readers without a role see (core.history.public_history):
    # the condition of published(), on the row's own fields.
    history_public = Q(is_published=True)
    search_fields = ("title", "summary")
    search_index = "dialogues_dialogue_search"

    class Format(models.TextChoices):
        MEETING = "meeting", _("Meeting in person")
        DIGITAL = "digital", _("Digital meeting")
        HYBRID = "hybrid", _("Hybrid meeting")
        WORKSHOP = "workshop", _("Workshop")
        CONFERENCE = "conference", _("Conference")
        OTHER = "other", _("Other")

    class Scope(models.TextChoices):
        INTERNAL = "internal", _("Internal (within the region)")
        EXTERNAL = "external", _("External (with other actors)")

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        related_name="dialogues",
        verbose_name=_("project"),
    )
    title = models.CharField(_("title"), max_length=300)
    date = models.DateField(_("date"), null=True, blank=True)
    format = models.CharField(_("format"), max_length=20, choices=Format.choices, blank=True)
    scope = models.CharField(_("internal or external"), max_length=20, choices=Scope.choices)
    organisations = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="dialogues",
        verbose_name=_("participating organisations"),
    )
    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dialogues",
        verbose_name=_("municipality"),
    )
    location = models.PointField(_("location"), srid=STORAGE_SRID, null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="dialogues", verbose_name=_("themes")
    )
    is_published = models.BooleanField(_("published"), default=False)

    history = HistoricalRecords(m2m_fields=[organisations, themes])
    objects = DialogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("dialogue")
        verbose_name_plural = _("dialogues")
        ordering = [models.F("date").desc(nulls_last=True), "title"]
        # Index dialogues_dialogue_newest (migration 0005; SQLite takes no NULLS LAST in an
        # index) serves this order: the dialogue list's first pages and the start page's
        # latest dialogues read the newest rows from it instead of sorting them all.

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("dialogues:detail", args=[self.pk])


class InsightQuerySet(VisibleQuerySet):
    def published(self):
        return self.filter(
            Q(dialogue__is_published=True)
            | Q(
                dialogue__isnull=True,
                project__in=Project.objects.filter(is_published=True).values("pk"),
            )
        )

    def of_project(self, project):
        """Insights from the project's dialogues and the project's own conclusions."""
        return self.filter(Q(project=project) | Q(dialogue__project=project))


class Insight(TimeStampedModel):
    """What a dialogue yielded: a need, a precondition, a demand… and what is done with it.

    Conclusions that a project drew from all its dialogues together (as in a project
    report) belong to the project instead of one dialogue: exactly one of the two is set.
    """

    history_kind = "insikt"
    # As public as its dialogue, or (a project's own conclusion) its project: its history
    # counts from the parent's first published entry (core.history.public_history).
    history_parents = ("dialogue", "project")
    search_fields = ("text", "response")
    search_index = "dialogues_insight_search"

    class Kind(models.TextChoices):
        NEED = "need", _("Need")
        PRECONDITION = "precondition", _("Precondition")
        DEMAND = "demand", _("Demand")
        OTHER = "other", _("Other")

    class FollowUpStatus(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        NOT_PURSUED = "not_pursued", _("Not pursued")

    dialogue = models.ForeignKey(
        Dialogue,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="insights",
        verbose_name=_("dialogue"),
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="conclusions",
        verbose_name=_("project (for conclusions across dialogues)"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("text"))
    response = models.TextField(_("follow-up"), blank=True)
    follow_up_owner = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="followed_up_insights",
        verbose_name=_("follow-up owner"),
    )
    follow_up_status = models.CharField(
        _("follow-up status"),
        max_length=20,
        choices=FollowUpStatus.choices,
        default=FollowUpStatus.OPEN,
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()
    objects = InsightQuerySet.as_manager()

    class Meta:
        verbose_name = _("insight")
        verbose_name_plural = _("insights")
        ordering = ["position", "pk"]
        indexes = [
            # The default order: the API's insight list pages through all insights in it.
            models.Index(fields=["position", "id"], name="dialogues_insight_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(dialogue__isnull=False, project__isnull=True)
                | Q(dialogue__isnull=True, project__isnull=False),
                name="dialogues_insight_one_origin",
                violation_error_message=_(
                    "An insight comes from a dialogue or is a project's conclusion, not both."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:80]}"

    def get_absolute_url(self) -> str:
        if self.dialogue_id:
            return f"{reverse('dialogues:detail', args=[self.dialogue_id])}#insight-{self.pk}"
        return f"{reverse('projects:detail', args=[self.project_id])}#insight-{self.pk}"

    @property
    def origin_project_id(self):
        return self.project_id if self.project_id else self.dialogue.project_id
