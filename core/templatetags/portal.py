from django import template

from core.history import history_url as _history_url

register = template.Library()


@register.filter
def history_url(obj) -> str:
    """``{{ object|history_url }}``: the record's history page."""
    return _history_url(obj)


@register.filter
def field_type(bound_field) -> str:
    """The widget's class name in lower case, for templates that lay out checkboxes and
    radio lists apart from text inputs."""
    return bound_field.field.widget.__class__.__name__.lower()


@register.filter
def describedby(bound_field):
    """The field's widget, described by its error message and help text (in that order) so
    that a screen reader reads the error when the field gets focus. Fields laid out in a
    fieldset carry the description on the fieldset instead."""
    if bound_field.use_fieldset:
        return bound_field.as_widget()
    ids = []
    if bound_field.errors:
        ids.append(f"{bound_field.auto_id}_error")
    if bound_field.help_text:
        ids.append(f"{bound_field.auto_id}_helptext")
    attrs = {"aria-describedby": " ".join(ids)} if ids else None
    return bound_field.as_widget(attrs=attrs)
