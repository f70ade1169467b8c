"""What every page template needs to know about the user's role: which links and buttons to
show. The views enforce the same answers (core.access); hiding a link is never the check.
And the map defaults every map script reads (core.mapdata.map_defaults)."""

from core import mapdata, roles


def portal(request) -> dict:
    user = getattr(request, "user", None)
    return {
        "can_edit": roles.can_edit(user),
        "can_adjust_minutes": roles.can_adjust_minutes(user),
        "can_read_unpublished": roles.can_read_unpublished(user),
        "user_role_labels": [str(roles.ROLE_LABELS[r]) for r in sorted(roles.roles_of(user))],
        "map_defaults": mapdata.map_defaults(),
    }
