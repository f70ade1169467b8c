import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.forms import SwedishAmountField
from core.formtools import ConcurrentEditForm, DateInput
from places.models import Municipality
from projects.models import FundingLine, Milestone, Project


class ProjectForm(ConcurrentEditForm, forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "diarienummer",
            "title",
            "status",
            "start_date",
            "end_date",
            "owner",
            "municipalities",
            "summary",
            "purpose",
            "background",
            "source",
            "is_published",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "municipalities": forms.CheckboxSelectMultiple(),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "background": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "diarienummer": _("Registry, number and year, e.g. RUN/479/2024."),
            "is_published": _("Published projects are shown to everyone; drafts only to roles."),
        }


MilestoneFormSet = forms.inlineformset_factory(
    Project,
    Milestone,
    fields=["title", "planned_date", "actual_date", "description"],
    widgets={
        "planned_date": DateInput(),
        "actual_date": DateInput(),
        "description": forms.Textarea(attrs={"rows": 2}),
    },
    extra=1,
    can_delete=True,
)

FundingLineFormSet = forms.inlineformset_factory(
    Project,
    FundingLine,
    fields=["kind", "funder", "programme", "amount", "note"],
    widgets={"note": forms.Textarea(attrs={"rows": 2})},
    # Swedish amounts whatever the browser's language (core.forms.SwedishAmountField).
    field_classes={"amount": SwedishAmountField},
    extra=1,
    can_delete=True,
)


class ProjectFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=Project.Status.choices, label=_("Status"), empty_label=_("All statuses")
    )
    municipality = django_filters.ModelChoiceFilter(
        field_name="municipalities",
        queryset=Municipality.objects.for_choices(),
        label=_("Municipality"),
        empty_label=_("All municipalities"),
    )
    active_from = django_filters.DateFilter(
        method="filter_active_from", label=_("Active from"), widget=DateInput()
    )
    active_until = django_filters.DateFilter(
        method="filter_active_until", label=_("Active until"), widget=DateInput()
    )

    class Meta:
        model = Project
        fields = ["status", "municipality", "active_from", "active_until"]

    def filter_active_from(self, queryset, name, value):
        """Projects still running on or after the date (an open end counts as running)."""
        return queryset.filter(Q(end_date__gte=value) | Q(end_date__isnull=True))

    def filter_active_until(self, queryset, name, value):
        return queryset.filter(Q(start_date__lte=value) | Q(start_date__isnull=True))
