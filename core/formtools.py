"""Small pieces shared by the portal's forms."""

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker; the value is ISO (YYYY-MM-DD) whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def any_errors(*forms_or_formsets) -> bool:
    """Whether any of the forms or formsets failed validation (for the error summary)."""
    for item in forms_or_formsets:
        if item is None:
            continue
        if hasattr(item, "forms"):
            if item.total_error_count():
                return True
        elif item.errors:
            return True
    return False
