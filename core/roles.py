"""
The portal's roles, kept as Django groups, and the questions every permission check asks.

One place answers "may this user see unpublished material / edit / adjust minutes"; the
``visible_to(user)`` querysets of each app and the object helpers build on these answers.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

PLANNER = "planner"
REGISTRAR = "registrar"
COMMITTEE_MEMBER = "committee_member"

ROLE_LABELS = {
    PLANNER: _("Planner"),
    REGISTRAR: _("Registrar"),
    COMMITTEE_MEMBER: _("Committee member"),
}


def roles_of(user) -> frozenset[str]:
    """The role names of a user; read once per request object (one query at most)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_portal_roles", None)
    if cached is None:
        cached = frozenset(user.groups.filter(name__in=ROLE_LABELS).values_list("name", flat=True))
        user._portal_roles = cached
    return cached


def can_read(user) -> bool:
    """May this user read anything at all (published material)?"""
    if user is not None and user.is_authenticated and user.is_active:
        return True
    return settings.PUBLIC_READING


def can_read_unpublished(user) -> bool:
    """Drafts, unpublished records and non-public documents."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(roles_of(user))


def can_edit(user) -> bool:
    """Create and change projects, dialogues, insights, directions, places and drafts."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(roles_of(user) & {PLANNER, REGISTRAR})


def can_adjust_minutes(user) -> bool:
    """Adjust (justera) and publish minutes."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or REGISTRAR in roles_of(user)
