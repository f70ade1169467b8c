import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from core.forms import SafeGeometryField
from core.formtools import ConcurrentEditForm, DateInput
from core.geo import STORAGE_SRID
from core.widgets import MapGeometryWidget
from dialogues.models import Dialogue, Insight, Theme
from directions.models import DirectionPoint, DirectionVersion
from organisations.models import Organisation
from places.models import Municipality


class DialogueForm(ConcurrentEditForm, forms.ModelForm):
    location = SafeGeometryField(
        label=_("Location"),
        geom_type="POINT",
        srid=STORAGE_SRID,
        required=False,
        widget=MapGeometryWidget(),
        help_text=_("Where the dialogue took place, if it was held at one place."),
    )
    new_themes = forms.CharField(
        label=_("New themes"),
        required=False,
        max_length=500,
        help_text=_("Themes not in the list above, separated by commas."),
    )

    class Meta:
        model = Dialogue
        fields = [
            "project",
            "title",
            "date",
            "format",
            "scope",
            "municipality",
            "organisations",
            "themes",
            "new_themes",
            "location",
            "summary",
            "source",
            "is_published",
        ]
        widgets = {
            "date": DateInput(),
            "organisations": forms.CheckboxSelectMultiple(),
            "themes": forms.CheckboxSelectMultiple(),
            "summary": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "date": _("Leave empty when the record does not give the date."),
            "organisations": _("Organisations only, never private persons."),
            "is_published": _("Published dialogues are shown to everyone; drafts only to roles."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = Organisation.objects.order_by("name")
        self.fields["municipality"].queryset = Municipality.objects.for_choices()
        if not self.fields["themes"].queryset.exists():
            self.fields["themes"].help_text = _("No themes yet: type new ones in the next field.")


class InsightForm(ConcurrentEditForm, forms.ModelForm):
    class Meta:
        model = Insight
        fields = ["kind", "text", "response", "follow_up_owner", "follow_up_status", "position"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "response": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "response": _("What is done with the insight, and by whom."),
            "position": _("Order within the dialogue; lower numbers first."),
        }


class InsightLinkForm(forms.Form):
    """Link an insight to a point of an open (draft or proposed) version of a statement."""

    point = forms.ModelChoiceField(
        label=_("Point of the statement of intent"),
        queryset=DirectionPoint.objects.none(),
        # No default: a preselected point 1 let one click link the insight to the wrong
        # point without a choice being made (issue 12 §3).
        empty_label=_("Choose a point"),
    )

    def __init__(self, *args, insight: Insight, **kwargs):
        super().__init__(*args, **kwargs)
        points = (
            DirectionPoint.objects.filter(
                version__status__in=[
                    DirectionVersion.Status.DRAFT,
                    DirectionVersion.Status.PROPOSED,
                ]
            )
            .exclude(insights=insight)
            .select_related("version__direction")
            .order_by("version__direction__title", "-version__number", "number")
        )
        field = self.fields["point"]
        field.queryset = points
        # The statement's long title once, as the group; each option says what tells the
        # points apart (version, number, the start of its text). Every option began with the
        # same 120 characters before, and looked alike in the select.
        groups: dict[str, list] = {}
        for p in points:
            group = _("%(direction)s, version %(version)s") % {
                "direction": p.version.direction,
                "version": p.version.number,
            }
            label = _("Point %(number)s (version %(version)s): %(text)s") % {
                "number": p.number,
                "version": p.version.number,
                "text": Truncator(p.text).chars(70),
            }
            groups.setdefault(group, []).append((p.pk, label))
        field.choices = [("", field.empty_label), *groups.items()]


SORT_CHOICES = [
    ("date_desc", _("Newest first")),
    ("date_asc", _("Oldest first")),
    ("title", _("Title")),
    ("municipality", _("Municipality")),
]
SORT_ORDER = {
    "date_desc": [F("date").desc(nulls_last=True), "title"],
    "date_asc": [F("date").asc(nulls_last=True), "title"],
    "title": ["title"],
    "municipality": [F("municipality__name").asc(nulls_last=True), "title"],
}


class DialogueFilter(django_filters.FilterSet):
    municipality = django_filters.ModelChoiceFilter(
        queryset=Municipality.objects.for_choices(),
        label=_("Municipality"),
        empty_label=_("All municipalities"),
    )
    organisation = django_filters.ModelChoiceFilter(
        field_name="organisations",
        queryset=Organisation.objects.order_by("name"),
        label=_("Organisation"),
        empty_label=_("All organisations"),
    )
    kind = django_filters.ChoiceFilter(
        choices=Insight.Kind.choices,
        method="filter_kind",
        label=_("Kind of insight"),
        empty_label=_("All kinds"),
    )
    theme = django_filters.ModelChoiceFilter(
        field_name="themes",
        queryset=Theme.objects.order_by("name"),
        label=_("Theme"),
        empty_label=_("All themes"),
    )
    date_from = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", label=_("From"), widget=DateInput()
    )
    date_until = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", label=_("Until"), widget=DateInput()
    )
    sort = django_filters.ChoiceFilter(
        choices=SORT_CHOICES, method="sort_by", label=_("Sort by"), empty_label=None
    )

    class Meta:
        model = Dialogue
        fields = ["municipality", "organisation", "kind", "theme", "date_from", "date_until"]

    def filter_kind(self, queryset, name, value):
        """Dialogues that yielded at least one insight of this kind."""
        return queryset.filter(Exists(Insight.objects.filter(dialogue=OuterRef("pk"), kind=value)))

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*SORT_ORDER.get(value, SORT_ORDER["date_desc"]))
