from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.api.filters import MAX_ID
from core.geo import parse_bbox
from maps.layers import CLUSTER_MAX, CLUSTER_MIN, SIMPLIFY_MAX, LayerFilters
from places.models import PlanningArea

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MapFilterForm(forms.Form):
    """The map's filters (project, period, kind), read from the query string so that a view
    of the map can be shared as a link. They apply to the map, its tables, the layer
    endpoints and the downloads alike.

    With ``projects`` (the projects the user may see) the project is a choice among them,
    for the page; without, any integer, for endpoints (no query: an id the user may not see
    simply matches nothing)."""

    # An id in the database's range: a larger number is a 400, not an overflow in the query.
    project = forms.IntegerField(label=_("Project"), required=False, min_value=1, max_value=MAX_ID)
    start = forms.DateField(
        label=_("From"), required=False, input_formats=["%Y-%m-%d"], widget=DATE_INPUT
    )
    end = forms.DateField(
        label=_("To"), required=False, input_formats=["%Y-%m-%d"], widget=DATE_INPUT
    )
    kind = forms.ChoiceField(
        label=_("Kind of planning area"),
        required=False,
        choices=[("", _("All kinds")), *PlanningArea.Kind.choices],
    )

    def __init__(self, *args, projects=None, **kwargs):
        super().__init__(*args, **kwargs)
        if projects is not None:
            self.fields["project"] = forms.TypedChoiceField(
                label=_("Project"),
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", _("All projects"))]
                + [(p.pk, f"{p.title} ({p.diarienummer})") for p in projects],
            )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise ValidationError(
                _("The period must start before it ends (from %(start)s to %(end)s)."),
                code="period",
                params={"start": start.isoformat(), "end": end.isoformat()},
            )
        return cleaned

    def filter_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "project": data.get("project"),
            "start": data.get("start"),
            "end": data.get("end"),
            "kind": data.get("kind") or None,
        }

    def filters(self) -> LayerFilters:
        return LayerFilters(**self.filter_kwargs())


class LayerQueryForm(MapFilterForm):
    """The query parameters of a layer endpoint or download: the map's filters, ``bbox``
    (WGS84), ``simplify`` (metres) and, for point layers, ``cluster`` (grid cell, metres)."""

    bbox = forms.CharField(required=False)
    simplify = forms.FloatField(required=False, min_value=0, max_value=SIMPLIFY_MAX)
    cluster = forms.FloatField(required=False, min_value=CLUSTER_MIN, max_value=CLUSTER_MAX)

    def clean_bbox(self):
        value = self.cleaned_data.get("bbox")
        return parse_bbox(value) if value else None

    def filters(self) -> LayerFilters:
        data = self.cleaned_data
        return LayerFilters(
            **self.filter_kwargs(),
            bbox=data.get("bbox"),
            simplify=data.get("simplify") or None,
            cluster=data.get("cluster") or None,
        )


def unknown_parameters(query, allowed) -> list[str]:
    return sorted(set(query) - set(allowed))
