from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.access import visible_or_none
from core.history import history_url as _history_url
from core.models import record_version

register = template.Library()

# The language the records are written in, whatever the language of the pages.
CONTENT_LANGUAGE = "sv"


@register.filter
def history_url(obj) -> str:
    """``{{ object|history_url }}``: the record's history page."""
    return _history_url(obj)


@register.filter(name="record_version")
def record_version_filter(obj) -> str:
    """``{{ point|record_version }}``: the version a small form (a button) claims, as the
    edit forms' hidden field carries it (core.models.record_version)."""
    return record_version(obj)


@register.filter
def visible_to(obj, user):
    """``{{ dialogue.project|visible_to:request.user }}``: the related record, or None when
    the user may not see it (a published record of a draft project does not name it)."""
    return visible_or_none(obj, user)


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


@register.simple_tag
def content_lang() -> str:
    """` lang="sv"` on record text (titles, summaries, points) when the pages are shown in
    another language: the records themselves are written in Swedish (WCAG 3.1.2)."""
    if (get_language() or "").split("-")[0] == CONTENT_LANGUAGE:
        return ""
    return mark_safe(f' lang="{CONTENT_LANGUAGE}"')  # noqa: S308 - a constant
