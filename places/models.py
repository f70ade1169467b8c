from django.contrib.gis.db import models
from django.contrib.gis.db.models.functions import PointOnSurface
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.geo import STORAGE_SRID
from core.models import SourcedModel, TimeStampedModel, VisibleQuerySet

COUNTY_CODE_PATTERN = r"^[0-9]{2}$"
MUNICIPALITY_CODE_PATTERN = r"^[0-9]{4}$"


class County(TimeStampedModel):
    """A län. The code is SCB's länskod, e.g. ``23`` for Jämtlands län."""

    history_kind = "lan"
    search_fields = ("name",)

    code = models.CharField(
        _("county code"),
        max_length=2,
        unique=True,
        validators=[RegexValidator(COUNTY_CODE_PATTERN, _("A county code is two digits."))],
    )
    name = models.CharField(_("name"), max_length=100)
    boundary = models.MultiPolygonField(_("boundary"), srid=STORAGE_SRID, null=True, blank=True)

    history = HistoricalRecords()
    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=COUNTY_CODE_PATTERN), name="places_county_code_format"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("places:county", args=[self.code])


class MunicipalityQuerySet(VisibleQuerySet):
    def for_choices(self):
        """Names for a form's choices, without the boundaries (290 of them at national
        scale would be read for nothing)."""
        return self.only("name").order_by("name")

    def set_representative_points(self) -> int:
        """Store a point on each boundary's surface, computed by the database (one UPDATE);
        none where there is no boundary."""
        return self.update(representative_point=PointOnSurface("boundary"))


class Municipality(TimeStampedModel):
    """A kommun. The code is SCB's kommunkod; its first two digits are the county's code."""

    history_kind = "kommun"
    search_fields = ("name", "seat")

    code = models.CharField(
        _("municipality code"),
        max_length=4,
        unique=True,
        validators=[
            RegexValidator(MUNICIPALITY_CODE_PATTERN, _("A municipality code is four digits."))
        ],
    )
    name = models.CharField(_("name"), max_length=100)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("county")
    )
    seat = models.CharField(
        _("seat"), max_length=100, blank=True, help_text=_("The centralort, e.g. Järpen for Åre.")
    )
    seat_location = models.PointField(_("seat location"), srid=STORAGE_SRID, null=True, blank=True)
    boundary = models.MultiPolygonField(_("boundary"), srid=STORAGE_SRID, null=True, blank=True)
    # A point inside the boundary (ST_PointOnSurface), stored wherever the boundary is
    # written (import_boundaries, the admin, migration 0004) instead of computed for every
    # dialogue on every map request: where a dialogue with neither location nor seat is
    # placed on the map.
    representative_point = models.PointField(
        _("point within the boundary"), srid=STORAGE_SRID, null=True, blank=True, editable=False
    )

    history = HistoricalRecords()
    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=MUNICIPALITY_CODE_PATTERN),
                name="places_municipality_code_format",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("places:municipality", args=[self.code])

    def clean(self) -> None:
        if self.county_id and self.code and not self.code.startswith(self.county.code):
            raise ValidationError(
                {
                    "code": _(
                        "Municipality code %(code)s does not belong to county %(county)s "
                        "(its code must start with %(prefix)s)."
                    )
                    % {"code": self.code, "county": self.county, "prefix": self.county.code}
                }
            )


class PlanningAreaQuerySet(VisibleQuerySet):
    def published(self):
        return self.filter(PlanningArea.history_public)


class PlanningArea(SourcedModel):
    """An area that planners draw: a development area, a corridor, a functional region…
    Any geometry type (point, line, polygon and their multi-forms)."""

    history_kind = "planeringsomrade"
    # Which of its historical rows readers without a role see (core.history.public_history):
    # the condition of published(), on the row's own fields.
    history_public = Q(is_published=True)
    search_fields = ("name", "description")
    search_index = "places_planningarea_search"

    class Kind(models.TextChoices):
        DEVELOPMENT_AREA = "development_area", _("Development area")
        FUNCTIONAL_REGION = "functional_region", _("Functional region")
        INFRASTRUCTURE = "infrastructure", _("Infrastructure corridor")
        SETTLEMENT = "settlement", _("Settlement and housing")
        NATURE_CULTURE = "nature_culture", _("Nature and cultural environment")
        BUSINESS = "business", _("Business and industry")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(_("description"), blank=True)
    geometry = models.GeometryField(_("geometry"), srid=STORAGE_SRID)
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="planning_areas",
        verbose_name=_("project"),
    )
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="planning_areas", verbose_name=_("municipalities")
    )
    is_published = models.BooleanField(_("published"), default=False)

    history = HistoricalRecords(m2m_fields=[municipalities])
    objects = PlanningAreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("planning area")
        verbose_name_plural = _("planning areas")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("places:planning_area", args=[self.pk])
