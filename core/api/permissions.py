from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission

from core import roles
from core.access import check_can_edit


class PortalPermission(BasePermission):
    """The API asks the portal's one permission layer, as the pages do:

    * reading: ``roles.can_read`` (anyone while ``PUBLIC_READING`` is on; what they see is
      ``visible_to(user)``); otherwise 401;
    * writing: a logged-in user (else 401) whose role may edit (``core.access.check_can_edit``,
      else 403), through a token granted write when a token is used (else 403). Whether the
      particular record may change (adjusted minutes…) is asked again per object.
    """

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return roles.can_read(request.user)
        if not request.user or not request.user.is_authenticated:
            return False
        if not getattr(request.auth, "can_write", True):
            raise PermissionDenied(
                _("This token may only read; ask an administrator for one that may write.")
            )
        check_can_edit(request.user)
        return True
