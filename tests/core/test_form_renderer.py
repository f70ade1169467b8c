"""The portal's form renderer draws selects inline, with Django's markup."""

import re

from django import forms
from django.forms.renderers import DjangoTemplates

from core.renderers import PortalFormRenderer


class ChoicesForm(forms.Form):
    one = forms.ChoiceField(choices=[("", "–"), ("a", "Åre <&>"), ("b", "Berg")])
    many = forms.MultipleChoiceField(
        choices=[("Län", [("23", "Jämtlands län"), ("24", "Västerbottens län")]), ("x", "X")]
    )


def _normalised(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


def test_selects_render_as_django_renders_them():
    data = {"one": "a", "many": ["24", "x"]}
    portal = ChoicesForm(data, renderer=PortalFormRenderer())
    django = ChoicesForm(data, renderer=DjangoTemplates())
    for name in ("one", "many"):
        ours = str(portal[name])
        assert _normalised(ours) == _normalised(str(django[name]))
    assert "Åre &lt;&amp;&gt;" in str(portal["one"])
    assert '<option value="a" selected>' in str(portal["one"])
    assert "<optgroup" in str(portal["many"])


def test_widgets_with_their_own_option_template_keep_it():
    class Custom(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    field = forms.ChoiceField(choices=[("a", "A")], widget=Custom)
    form = forms.Form(renderer=PortalFormRenderer())
    form.fields["c"] = field
    assert "<option" not in str(form["c"])  # Django's path, with the widget's own template
