from django import forms
from django.utils.translation import gettext_lazy as _

from core.formtools import ConcurrentEditForm
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
