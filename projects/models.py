import datetime

from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.diarienummer import CANONICAL_PATTERN, Diarienummer
from core.fields import DiarienummerField
from core.geo import STORAGE_SRID
from core.models import SourcedModel, TimeStampedModel, VisibleQuerySet


class ProjectQuerySet(VisibleQuerySet):
    def published(self):
        return self.filter(Project.history_public)


class Project(SourcedModel):
    """A regional development project, registered under a diarienummer."""

    # Read by core, which imports no domain app: the slug of the history page
    # (/historik/projekt/<id>/, core.history) and the fields of the full-text search (the
    # search page, the API's ?search=) with the name of their index (core.search).
    history_kind = "projekt"
    # Which of its historical rows readers without a role see (core.history.public_history):
    # the condition of published(), on the row's own fields.
    history_public = Q(is_published=True)
    search_fields = ("diarienummer", "title", "summary", "purpose", "background")
    search_index = "projects_project_search"

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    diarienummer = DiarienummerField(unique=True)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    background = models.TextField(_("background"), blank=True)

    class PeriodPrecision(models.TextChoices):
        DAY = "day", _("Day")
        MONTH = "month", _("Month")

    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    # A record often gives a period only in months ("januari-maj 2025"). The dates then hold
    # the first day of the first month and the last day of the last, so that filters on the
    # period still overlap correctly, but pages show months and no event falls on a day the
    # record never named.
    period_precision = models.CharField(
        _("precision of the period"),
        max_length=10,
        choices=PeriodPrecision.choices,
        default=PeriodPrecision.DAY,
        help_text=_(
            "Month: the source gives only the months; start and end are the first and the "
            "last day of those months and are shown as months."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    owner = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_projects",
        verbose_name=_("owner"),
    )
    municipalities = models.ManyToManyField(
        "places.Municipality",
        blank=True,
        related_name="projects",
        verbose_name=_("municipalities"),
        help_text=_("The municipalities the project concerns."),
    )
    # The record names whom the dialogues were for ("länets alla kommuner, länsstyrelsen och
    # kommunförbundet", and internally the region): coverage lists as not yet met only
    # these, never every organisation in the register (a funder is not a counterpart).
    dialogue_counterparts = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="dialogue_scope_of",
        verbose_name=_("dialogue counterparts"),
        help_text=_(
            "The actors besides the municipalities whom the project's dialogues are for; "
            "coverage lists those not yet met."
        ),
    )
    scope = models.GeometryField(
        _("geographic scope"),
        srid=STORAGE_SRID,
        null=True,
        blank=True,
        help_text=_("An area, line or place the project concerns, beyond whole municipalities."),
    )
    is_published = models.BooleanField(_("published"), default=False)

    history = HistoricalRecords(m2m_fields=[municipalities, dialogue_counterparts])
    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(diarienummer__regex=CANONICAL_PATTERN),
                name="projects_project_diarienummer_format",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="projects_project_period_order",
                violation_error_message=_("A project cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.diarienummer})"

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.period_precision == self.PeriodPrecision.MONTH:
            errors = {}
            if self.start_date and self.start_date.day != 1:
                errors["start_date"] = _("A period in months starts on the first of a month.")
            if self.end_date and (self.end_date + datetime.timedelta(days=1)).day != 1:
                errors["end_date"] = _("A period in months ends on the last day of a month.")
            if errors:
                raise ValidationError(errors)

    @property
    def period_is_in_months(self) -> bool:
        return self.period_precision == self.PeriodPrecision.MONTH

    @property
    def period_label(self) -> str:
        """The period as precisely as it is known: "13 januari 2025 – 31 maj 2025", or in
        months "januari–maj 2025"; "" when neither end is recorded."""
        start, end = self.start_date, self.end_date
        if not (start or end):
            return ""
        if not self.period_is_in_months:
            return f"{_day(start)} – {_day(end)}"
        if start and end and start.year == end.year:
            if start.month == end.month:
                return date_format(start, "F Y")
            return f"{date_format(start, 'F')}–{date_format(end, 'F Y')}"
        return f"{_month(start)} – {_month(end)}"

    @property
    def case_number(self) -> Diarienummer:
        """The diarienummer parsed into prefix, sequence and year."""
        return Diarienummer.parse(self.diarienummer)


class ProjectPartQuerySet(VisibleQuerySet):
    """Funding lines and milestones are as public as their project."""

    def published(self):
        return self.filter(project__is_published=True)


class FundingLine(TimeStampedModel):
    """One source of a project's money: a grant or co-financing, from a funder and/or a
    programme or appropriation (e.g. *anslag 1:1*). The amount is empty when not known."""

    search_fields = ("programme", "note")

    class Kind(models.TextChoices):
        GRANT = "grant", _("Grant")
        CO_FINANCING = "co_financing", _("Co-financing")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="funding_lines", verbose_name=_("project")
    )
    funder = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funding_lines",
        verbose_name=_("funder"),
    )
    programme = models.CharField(
        _("programme or appropriation"),
        max_length=300,
        blank=True,
        help_text=_("E.g. “Statliga medel för regionala utvecklingsåtgärder (anslag 1:1)”."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    amount = models.DecimalField(
        _("amount (SEK)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()
    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("funding line")
        verbose_name_plural = _("funding lines")
        ordering = ["project", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="projects_fundingline_amount_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(funder__isnull=False) | ~Q(programme=""),
                name="projects_fundingline_has_source",
                violation_error_message=_("Name the funder, the programme, or both."),
            ),
        ]

    def __str__(self) -> str:
        source = self.funder.name if self.funder_id else self.programme
        return f"{self.get_kind_display()}: {source}"


class Milestone(TimeStampedModel):
    search_fields = ("title", "description")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("project")
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    planned_date = models.DateField(_("planned date"), null=True, blank=True)
    actual_date = models.DateField(_("actual date"), null=True, blank=True)

    history = HistoricalRecords()
    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["project", "planned_date", "pk"]

    def __str__(self) -> str:
        return self.title


def _day(value: datetime.date | None) -> str:
    return date_format(value, "j F Y") if value else "…"


def _month(value: datetime.date | None) -> str:
    return date_format(value, "F Y") if value else "…"
