"""
A viljeinriktning (statement of intent) and its versions. Each version has numbered points;
a version is drafted, proposed, adopted by a decision, and superseded by a later adopted
version. Each point links to the insights that support it and the projects that carry it.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import SourcedModel, TimeStampedModel, VisibleQuerySet

PUBLIC_STATUSES = ("adopted", "superseded")
OPEN_STATUSES = ("draft", "proposed")


class Direction(SourcedModel):
    """A statement of intent as a whole, e.g. "Viljeinriktning för strategisk planering i det
    regionala utvecklingsarbetet"; its text lives in its versions."""

    history_kind = "viljeinriktning"
    search_fields = ("title", "description")
    search_index = "directions_direction_search"  # the search page's statements of intent

    title = models.CharField(_("title"), max_length=300, unique=True)
    description = models.TextField(_("description"), blank=True)
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="directions",
        verbose_name=_("prepared in project"),
    )

    history = HistoricalRecords()
    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("statement of intent")
        verbose_name_plural = _("statements of intent")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("directions:detail", args=[self.pk])


class DirectionVersionQuerySet(VisibleQuerySet):
    def published(self):
        return self.filter(DirectionVersion.history_public)


class DirectionVersion(TimeStampedModel):
    history_kind = "version"
    # Which of its historical rows readers without a role see (core.history.public_history):
    # the condition of published(), on the row's own fields.
    history_public = Q(status__in=PUBLIC_STATUSES)

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PROPOSED = "proposed", _("Proposed")
        ADOPTED = "adopted", _("Adopted")
        SUPERSEDED = "superseded", _("Superseded")

    direction = models.ForeignKey(
        Direction, on_delete=models.PROTECT, related_name="versions", verbose_name=_("statement")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    # The version's way through the committee, both links held here (directions sits above
    # decisions, so decisions' models do not name the versions): the point of *förslag till
    # beslut* that proposes it, and the point of *beslut* that adopts it. ``adopted_by`` is
    # named while the version is still proposed (the beslut is written in draft minutes); the
    # version becomes adopted when those minutes are adjusted (services.adopt_decided_versions).
    proposed_by = models.ForeignKey(
        "decisions.ProposalPoint",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposed_directions",
        verbose_name=_("proposed by"),
        help_text=_("The point of förslag till beslut that proposes this version."),
    )
    adopted_by = models.ForeignKey(
        "decisions.DecisionPoint",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adopted_directions",
        verbose_name=_("adopted by decision"),
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()
    objects = DirectionVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("version of a statement of intent")
        verbose_name_plural = _("versions of statements of intent")
        ordering = ["direction", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["direction", "number"], name="directions_version_unique_number"
            ),
            models.UniqueConstraint(
                fields=["direction"],
                condition=Q(status="adopted"),
                name="directions_version_one_adopted",
                violation_error_message=_("Only one version of a statement is in force."),
            ),
            # The twin of the one above: work goes on in one draft or proposal at a time
            # (directions.services refuses a second one with a message first).
            models.UniqueConstraint(
                fields=["direction"],
                condition=Q(status__in=OPEN_STATUSES),
                name="directions_version_one_open",
                violation_error_message=_(
                    "Another version of this statement is already being drafted; continue "
                    "working on it."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=PUBLIC_STATUSES) | Q(adopted_by__isnull=False),
                name="directions_version_adopted_has_decision",
                violation_error_message=_("An adopted version names the decision that adopted it."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="directions_version_number_positive"
            ),
            # One point of beslut adopts one version: "two versions in one decision" is
            # refused by directions.services first, with a message.
            models.UniqueConstraint(
                fields=["adopted_by"],
                condition=Q(adopted_by__isnull=False),
                name="directions_version_one_per_decision",
                violation_error_message=_("This decision already adopts another version."),
            ),
            # A draft is not adopted: only a proposed version names its decision.
            models.CheckConstraint(
                condition=~Q(status="draft") | Q(adopted_by__isnull=True),
                name="directions_version_draft_not_decided",
                violation_error_message=_("A draft is proposed before a decision adopts it."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.direction} – {_('version')} {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("directions:version", args=[self.direction_id, self.number])

    @property
    def is_locked(self) -> bool:
        """An adopted (or superseded) version is what the committee decided: a change is a
        new version."""
        return self.status in PUBLIC_STATUSES


class DirectionPointQuerySet(VisibleQuerySet):
    def published(self):
        return self.filter(version__status__in=PUBLIC_STATUSES)


class DirectionPoint(TimeStampedModel):
    history_kind = "punkt"
    # As public as its version: its history counts from the version's adoption.
    history_parents = ("version",)
    search_fields = ("text",)
    search_index = "directions_point_search"

    version = models.ForeignKey(
        DirectionVersion, on_delete=models.CASCADE, related_name="points", verbose_name=_("version")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("text"))
    insights = models.ManyToManyField(
        "dialogues.Insight",
        blank=True,
        related_name="direction_points",
        verbose_name=_("supporting insights"),
    )
    projects = models.ManyToManyField(
        "projects.Project",
        blank=True,
        related_name="direction_points",
        verbose_name=_("carrying projects"),
    )

    history = HistoricalRecords(m2m_fields=[insights, projects])
    objects = DirectionPointQuerySet.as_manager()

    class Meta:
        verbose_name = _("point")
        verbose_name_plural = _("points")
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "number"], name="directions_point_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="directions_point_number_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"

    def get_absolute_url(self) -> str:
        return f"{self.version.get_absolute_url()}#punkt-{self.number}"

    @property
    def is_locked(self) -> bool:
        return self.version.is_locked
