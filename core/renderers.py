"""The portal's form renderer: Django's, with selects drawn in one template.

Django renders every ``<option>`` of a select through its own ``{% include %}``; a filter form
with the country's 290 municipalities and a few hundred organisations spent most of a list
page's time there (0.3 of 0.4 s, profiled on the national-scale data). The select template here
writes the same markup with the options inline. Widgets with their own option template keep
Django's way.
"""

from django.forms.renderers import DjangoTemplates

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


class PortalFormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name == SELECT and all(
            option["template_name"] == OPTION
            for _name, options, _index in context["widget"]["optgroups"]
            for option in options
        ):
            template_name = "core/widgets/select.html"
        return super().render(template_name, context, request)
