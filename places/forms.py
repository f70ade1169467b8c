from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import SafeGeometryField
from core.formtools import ConcurrentEditForm
from core.widgets import MapGeometryWidget
from places.models import Municipality, PlanningArea


class PlanningAreaForm(ConcurrentEditForm, forms.ModelForm):
    geometry = SafeGeometryField(
        label=_("Geometry"),
        srid=3006,
        widget=MapGeometryWidget(),
        help_text=_(
            "Draw a point, line or area on the map, or paste a GeoJSON geometry in WGS84 "
            "(longitude, latitude). It must lie within Sweden and must not cross itself."
        ),
        error_messages={"required": _("Draw the planning area on the map (or paste GeoJSON).")},
    )

    class Meta:
        model = PlanningArea
        # is_published: without it, only the admin could publish an area, and the public
        # planning-area layer stayed empty (issue 12 §3).
        fields = [
            "name",
            "kind",
            "description",
            "geometry",
            "project",
            "municipalities",
            "is_published",
        ]
        widgets = {"municipalities": forms.CheckboxSelectMultiple}
        help_texts = {
            "is_published": _(
                "Published planning areas are shown to everyone on the map; drafts only to roles."
            ),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The project model through the relation: places is a lower layer than projects
        # and does not import it.
        projects = self.fields["project"].queryset.model.objects
        self.fields["project"].queryset = projects.visible_to(user).order_by("title")
        self.fields["municipalities"].queryset = Municipality.objects.visible_to(user).for_choices()
        self.fields["municipalities"].required = False
        self.fields["municipalities"].help_text = _(
            "Leave all unticked to take the municipalities the geometry touches."
        )
