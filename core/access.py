"""
The permission layer: one helper per object kind returns the object the user may see (or
change), or raises. Pages, the API, downloads, map layers and the OGC API all call these
helpers or the ``visible_to(user)`` querysets they build on; nothing checks roles elsewhere.

* not visible to the user → ``Http404`` (hidden records are not confirmed to exist);
* visible but the user may not change it → ``PermissionDenied`` (403);
* part of adjusted minutes → ``RecordLocked`` (a ``PermissionDenied``; the API answers 409).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from core import roles


class RecordLocked(PermissionDenied):
    """The record belongs to adjusted (justerade) minutes and does not change; corrections
    are made as new records."""

    def __init__(self, obj: Model | None = None):
        self.obj = obj
        super().__init__(
            _(
                "The minutes are adjusted (justerat): this record is read-only. "
                "Corrections are made as new records."
            )
        )


def get_for_user(queryset: QuerySet, user, *, write: bool = False, **lookup) -> Model:
    """The object matching ``lookup`` among those ``user`` may see; with ``write``, also
    checks that the user may edit and that the record is not locked."""
    obj = get_object_or_404(queryset.visible_to(user), **lookup)
    if write:
        check_can_edit(user, obj)
    return obj


def visible_or_none(obj: Model | None, user) -> Model | None:
    """``obj`` if ``user`` may see it (the rule of ``visible_to``), else None: for the
    records a visible record points to, e.g. the draft project of a published dialogue,
    which its page must not name. Records with ``is_published`` are answered without a
    query (lists stay at a constant number of queries); others ask the database."""
    if obj is None or roles.can_read_unpublished(user):
        return obj
    if not roles.can_read(user):
        return None
    if hasattr(obj, "is_published"):
        return obj if obj.is_published else None
    return obj if type(obj).objects.visible_to(user).filter(pk=obj.pk).exists() else None


def check_can_edit(user, obj: Model | None = None) -> None:
    if not roles.can_edit(user):
        raise PermissionDenied(_("Your role may not change this."))
    if obj is not None and getattr(obj, "is_locked", False):
        raise RecordLocked(obj)


def check_can_adjust_minutes(user) -> None:
    if not roles.can_adjust_minutes(user):
        raise PermissionDenied(_("Only the registrar adjusts and publishes minutes."))


def reader_required(view: Callable) -> Callable:
    """Pages that show records: with public reading off (``PUBLIC_READING``), anonymous
    visitors are sent to the login page instead."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not roles.can_read(request.user):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def json_reader_required(view: Callable) -> Callable:
    """JSON endpoints outside the REST API (the OGC API): with public reading off,
    anonymous clients get a 401 with a JSON body, as the REST API answers them."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not roles.can_read(request.user):
            return JsonResponse(
                {
                    "code": "not_authenticated",
                    "description": str(_("Log in to read the portal's records.")),
                },
                status=401,
            )
        return view(request, *args, **kwargs)

    return wrapper


def editor_required(view: Callable) -> Callable:
    """Create and edit pages: anonymous visitors are sent to log in; a logged-in user whose
    role may not edit gets 403. Views still fetch their object with ``write=True``, which
    also refuses locked records."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        check_can_edit(request.user)
        return view(request, *args, **kwargs)

    return wrapper


def registrar_required(view: Callable) -> Callable:
    """Adjusting and publishing minutes: the registrar's (and the administrator's) steps."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        check_can_adjust_minutes(request.user)
        return view(request, *args, **kwargs)

    return wrapper
