from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.diarienummer import normalize_diarienummer, validate_diarienummer


class DiarienummerFormField(forms.CharField):
    """Accepts ``run / 0479 / 2024`` and cleans it to ``RUN/479/2024``."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        return normalize_diarienummer(value)


class DiarienummerField(models.CharField):
    """A diarienummer stored in its canonical text form (see core.diarienummer)."""

    description = _("Case number (diarienummer)")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("verbose_name", _("case number"))
        super().__init__(*args, **kwargs)
        self.validators.append(validate_diarienummer)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == 30:
            del kwargs["max_length"]
        return name, path, args, kwargs

    def to_python(self, value):
        value = super().to_python(value)
        if value in (None, ""):
            return value
        try:
            return normalize_diarienummer(value)
        except ValidationError:
            # Left as given; the validator then explains what is wrong.
            return value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": DiarienummerFormField, **kwargs})
