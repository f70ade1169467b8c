"""``Authorization: Bearer rjh_…`` for integration clients (see integrations.models)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from integrations.services import token_authenticate


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """Authenticates as the token's user; ``request.auth`` is the token, whose ``can_write``
    the API's permission check honours."""

    keyword = "bearer"

    def authenticate(self, request):
        header = request.headers.get("Authorization", "")
        parts = header.split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the token as “Authorization: Bearer <token>”, with nothing else.")
            )
        token = token_authenticate(parts[1])
        if token is None:
            raise exceptions.AuthenticationFailed(_("The token is not valid, or was revoked."))
        token.record_use()
        return token.owner, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = BearerTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": str(
                _(
                    "An integration token (rjh_…), created by an administrator in the admin "
                    "under Integrations › API tokens. It acts with its user's role and only "
                    "reads unless granted write."
                )
            ),
        }
