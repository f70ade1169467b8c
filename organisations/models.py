from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel, VisibleQuerySet


class Organisation(TimeStampedModel):
    """An actor the region works with: the region itself and its units, its committees,
    municipalities, Länsstyrelsen, Kommunförbundet, government agencies… Dialogues record
    organisations, never private persons."""

    history_kind = "organisation"
    search_fields = ("name", "short_name")

    class Kind(models.TextChoices):
        REGION = "region", _("Region")
        REGION_UNIT = "region_unit", _("Unit of the region")
        COMMITTEE = "committee", _("Committee")
        MUNICIPALITY = "municipality", _("Municipality")
        COUNTY_ADMINISTRATIVE_BOARD = "county_board", _("County administrative board")
        MUNICIPAL_ASSOCIATION = "municipal_association", _("Association of municipalities")
        GOVERNMENT_AGENCY = "government_agency", _("Government agency")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    municipality = models.OneToOneField(
        "places.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisation",
        verbose_name=_("municipality"),
        help_text=_("For a municipality: the place it governs."),
    )

    history = HistoricalRecords()
    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="municipality", municipality__isnull=False)
                | (~Q(kind="municipality") & Q(municipality__isnull=True)),
                name="organisations_organisation_municipality_iff_kind",
                violation_error_message=_(
                    "A municipality organisation names its municipality, and only it does."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")),
                name="organisations_organisation_not_own_parent",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:detail", args=[self.pk])
