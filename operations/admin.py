"""The user admin: Django's, with the two personal-data actions (operations.personal_data)."""

import json

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from operations.personal_data import user_erase, user_export

User = get_user_model()


class PersonalDataUserAdmin(UserAdmin):
    """Django's user admin with the two personal-data actions: export a user's data (JSON)
    and erase a user (deactivate and anonymise, keeping the history of official records)."""

    actions = ["export_personal_data", "erase_personal_data"]

    @admin.action(description=gettext_lazy("Export personal data (JSON)"))
    def export_personal_data(self, request, queryset):
        users = list(queryset.order_by("pk"))
        data = {"users": [user_export(user=user) for user in users]}
        name = users[0].username if len(users) == 1 else "users"
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="personal-data-{name}.json"'
        add_never_cache_headers(response)
        return response

    @admin.action(description=gettext_lazy("Erase selected users (anonymise)"))
    def erase_personal_data(self, request, queryset):
        """A confirmation page first: erasing cannot be undone."""
        users = list(queryset.order_by("pk"))
        if request.POST.get("confirm") != "yes":
            return TemplateResponse(
                request,
                "admin/portal/erase_confirm.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Erase personal data"),
                    "opts": self.opts,
                    "users": users,
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                },
            )
        erased = 0
        for user in users:
            try:
                user_erase(user=user, by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                erased += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d user erased: deactivated and anonymised.",
                "%(count)d users erased: deactivated and anonymised.",
                erased,
            )
            % {"count": erased},
            messages.SUCCESS,
        )
        return None


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, PersonalDataUserAdmin)
