from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from integrations.models import TOKEN_SCHEME, ApiToken
from integrations.services import token_create, token_revoke, token_update


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Creating a token shows its secret once, on a page of its own (never in a message,
    which would travel in a cookie); afterwards only its prefix is known. Tokens are revoked,
    not deleted, so that the record of who had access stays."""

    list_display = ["name", "owner", "can_write", "token_prefix", "created", "last_used", "status"]
    list_filter = ["can_write", ("revoked", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "owner__username"]
    actions = ["revoke"]
    readonly_fields = ["token_prefix", "created", "last_used", "revoked"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["name", "owner", "can_write"]
        return ["name", "owner", "can_write", "token_prefix", "created", "last_used", "revoked"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        readonly = [*self.readonly_fields, "owner"]
        if obj.is_revoked:
            readonly += ["name", "can_write"]
        return readonly

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("token begins"))
    def token_prefix(self, obj):
        return f"{TOKEN_SCHEME}_{obj.prefix}_…"

    @admin.display(description=_("status"))
    def status(self, obj):
        return _("revoked") if obj.is_revoked else _("active")

    def save_model(self, request, obj, form, change):
        if change:
            # The form set what it may change on ``obj`` (a revoked token's fields are
            # read-only there).
            token_update(token=obj, name=obj.name, can_write=obj.can_write)
            return
        token, secret = token_create(name=obj.name, owner=obj.owner, can_write=obj.can_write)
        obj.pk, obj.prefix, obj.secret_hash = token.pk, token.prefix, token.secret_hash
        obj.created, obj._state = token.created, token._state
        request._api_token_secret = secret

    def response_add(self, request, obj, post_url_continue=None):
        secret = getattr(request, "_api_token_secret", None)
        if secret is None:  # pragma: no cover - save_model always sets it
            return super().response_add(request, obj, post_url_continue)
        context = {
            **self.admin_site.each_context(request),
            "title": _("API token created"),
            "opts": self.opts,
            "token": obj,
            "secret": secret,
        }
        response = TemplateResponse(
            request, "admin/integrations/apitoken/token_created.html", context
        )
        add_never_cache_headers(response)
        return response

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        count = 0
        for token in queryset.filter(revoked__isnull=True):
            token_revoke(token=token)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", count)
            % {"count": count},
            messages.SUCCESS,
        )
