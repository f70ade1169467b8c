from django import forms
from django.utils.translation import gettext_lazy as _

from core.formtools import ConcurrentEditForm
from decisions.models import DecisionPoint, ProposalPoint
from dialogues.models import Insight
from projects.models import Project


class InsightChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, insight):
        origin = insight.dialogue or insight.project
        return f"{origin} – {insight.get_kind_display()}: {insight.text[:140]}"


class DirectionPointForm(ConcurrentEditForm, forms.Form):
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}))
    insights = InsightChoiceField(
        label=_("Supporting insights"),
        queryset=Insight.objects.select_related("dialogue", "project").order_by(
            "project_id", "dialogue__title", "position", "pk"
        ),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The insights from dialogues that this point builds on."),
    )
    projects = forms.ModelMultipleChoiceField(
        label=_("Carrying projects"),
        queryset=Project.objects.order_by("title"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The projects that carry the point forward."),
    )


class NewPointForm(forms.Form):
    text = forms.CharField(
        label=_("Text of the new point"), widget=forms.Textarea(attrs={"rows": 3})
    )


class PointChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, point):
        item = point.agenda_item
        return f"{item.meeting}, {item}: {point.number}. {point.text[:120]}"


class ProposeVersionForm(ConcurrentEditForm, forms.Form):
    """The point of förslag till beslut that proposes the draft, among open minutes."""

    proposal_point = PointChoiceField(
        label=_("Point of förslag till beslut"),
        queryset=ProposalPoint.objects.none(),
        help_text=_("The agenda item's proposal that names this version (minutes not adjusted)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal_point"].queryset = (
            ProposalPoint.objects.filter(agenda_item__meeting__minutes_status="draft")
            .select_related("agenda_item__meeting__committee__organisation")
            .order_by("-agenda_item__meeting__date", "agenda_item__number", "number")
        )


class DecideVersionForm(ConcurrentEditForm, forms.Form):
    """The point of beslut, in the agenda item that proposed the version, that adopts it."""

    decision_point = PointChoiceField(
        label=_("Point of beslut"),
        queryset=DecisionPoint.objects.none(),
        help_text=_(
            "The version is adopted, and the version in force superseded, when these minutes "
            "are adjusted."
        ),
    )

    def __init__(self, *args, agenda_item=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision_point"].queryset = (
            DecisionPoint.objects.filter(agenda_item=agenda_item)
            .select_related("agenda_item__meeting__committee__organisation")
            .order_by("number")
        )
