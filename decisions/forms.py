from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.formtools import ConcurrentEditForm, DateInput
from core.uploads import EXTENSIONS, max_upload_bytes
from decisions.models import AgendaItem, DecisionPoint, Document, Meeting, ProposalPoint


class MeetingForm(ConcurrentEditForm, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["committee", "date", "kind", "location", "source"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = self.fields["committee"].queryset.select_related(
            "organisation"
        )


class AgendaItemForm(ConcurrentEditForm, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = [
            "number",
            "position",
            "diarienummer",
            "title",
            "kind",
            "project",
            "summary",
            "outcome",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "outcome": _("Fill in when the committee has decided."),
        }

    def clean(self):
        cleaned = super().clean()
        # § numbers run per committee and year; the constraint is on columns the form does
        # not show, so Django's form validation would not check it.
        number = cleaned.get("number")
        meeting = self.instance.meeting
        if number is not None:
            taken = (
                AgendaItem.objects.filter(
                    committee_id=meeting.committee_id, year=meeting.date.year, number=number
                )
                .exclude(pk=self.instance.pk)
                .exists()
            )
            if taken:
                self.add_error("number", _("This § number is already used this year."))
        return cleaned


_point_widgets = {"text": forms.Textarea(attrs={"rows": 2})}

ProposalPointFormSet = forms.inlineformset_factory(
    AgendaItem,
    ProposalPoint,
    fields=["number", "text"],
    widgets=_point_widgets,
    extra=1,
    can_delete=True,
)
DecisionPointFormSet = forms.inlineformset_factory(
    AgendaItem,
    DecisionPoint,
    fields=["number", "text"],
    widgets=_point_widgets,
    extra=1,
    can_delete=True,
)


class DocumentForm(forms.ModelForm):
    """A document with its file. The file is checked by the model field's validator
    (core.uploads: size, type by content), so the admin and this form refuse the same."""

    class Meta:
        model = Document
        fields = [
            "title",
            "kind",
            "date",
            "diarienummer",
            "file",
            "is_public",
            "secrecy_reason",
            "source",
        ]
        widgets = {
            "date": DateInput(),
            "file": forms.ClearableFileInput(
                attrs={"accept": ",".join(f".{extension}" for extension in EXTENSIONS)}
            ),
        }
        labels = {"file": _("File")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "PDF, office document or image (%(extensions)s), at most %(size)s."
        ) % {
            "extensions": ", ".join(EXTENSIONS),
            "size": filesizeformat(max_upload_bytes()),
        }


class AdjustForm(forms.Form):
    """The registrar's justering. Its rules (held, complete, confirmed) are the service's
    (decisions.services.meeting_adjust): ``confirm`` is not required here so that the page
    shows the service's own message."""

    adjusted_on = forms.DateField(label=_("Adjusted on"), widget=DateInput())
    adjusters = forms.CharField(
        label=_("Adjusted by"),
        max_length=300,
        help_text=_("The members who adjusted the minutes, as the record names them."),
    )
    confirm = forms.BooleanField(
        label=_("I confirm the justering: the minutes become read-only for good."),
        required=False,
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        # Offer only dates the service accepts: from the meeting's day to today (a meeting
        # not yet held gets no form at all, and so no default it would refuse).
        today = timezone.localdate()
        kwargs.setdefault("initial", {"adjusted_on": today} if meeting.is_held else {})
        super().__init__(*args, **kwargs)
        self.fields["adjusted_on"].widget.attrs.update(
            min=meeting.date.isoformat(), max=today.isoformat()
        )


class PublishForm(forms.Form):
    published_on = forms.DateField(label=_("Published on"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"published_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
