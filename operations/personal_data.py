"""
A user's personal data: export it (what the portal keeps about an account) and erase it
(deactivate and anonymise the account).

Erasing keeps the history of official records whole: history entries go on pointing at
the (now anonymous) account, so "who changed this record" reads "raderad-<id>" instead of a
name; names that a record itself requires (the adjusters of minutes, stored as text on the
meeting) are part of the official record and stay.
"""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import has_history
from integrations.models import ApiToken
from integrations.services import token_revoke

ACCOUNT_FIELDS = [
    "id",
    "username",
    "first_name",
    "last_name",
    "email",
    "is_active",
    "is_staff",
    "is_superuser",
    "date_joined",
    "last_login",
]
TOKEN_FIELDS = ["name", "prefix", "can_write", "created", "last_used", "revoked"]


def erased_username(user) -> str:
    return f"raderad-{user.pk}"


def user_export(*, user) -> dict:
    """Everything the portal keeps about ``user``, as JSON-ready data: account fields,
    groups (roles), the history entries they made (which record, when, what kind of
    change), the admin's log of their actions and their API tokens (never a secret or its
    hash). Queries: one per model with a history, plus a handful."""
    history = []
    for model in apps.get_models():
        if not has_history(model):
            continue
        rows = model.history.model.objects.filter(history_user=user).order_by("history_date")
        for row in rows.values(
            model._meta.pk.attname, "history_date", "history_type", "history_change_reason"
        ):
            history.append(
                {
                    "record": model._meta.label,
                    "id": row[model._meta.pk.attname],
                    "date": row["history_date"].isoformat(),
                    "type": row["history_type"],
                    "reason": row["history_change_reason"] or "",
                }
            )
    history.sort(key=lambda entry: entry["date"])
    return {
        "account": {
            name: (value.isoformat() if hasattr(value, "isoformat") else value)
            for name in ACCOUNT_FIELDS
            for value in [getattr(user, name)]
        },
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "history": history,
        "admin_log": [
            {
                "date": entry.action_time.isoformat(),
                "record": entry.object_repr,
                "action": entry.get_action_flag_display(),
                "message": entry.get_change_message(),
            }
            for entry in LogEntry.objects.filter(user=user).order_by("action_time")
        ],
        "api_tokens": [
            {
                name: (value.isoformat() if hasattr(value, "isoformat") else value)
                for name in TOKEN_FIELDS
                for value in [getattr(token, name)]
            }
            for token in ApiToken.objects.filter(owner=user).order_by("created")
        ],
    }


@transaction.atomic
def user_erase(*, user, by=None) -> None:
    """Deactivate and anonymise ``user``: username "raderad-<id>", no names or e-mail, an
    unusable password, no roles, no staff rights, every API token revoked and every
    session ended. The account row itself stays, so that the history entries and the
    revoked tokens that point at it keep their meaning. Refused for one's own account."""
    if by is not None and by.pk == user.pk:
        raise ValidationError(_("You cannot erase your own account."), code="own_account")
    user.username = erased_username(user)
    user.first_name = user.last_name = user.email = ""
    user.set_unusable_password()
    user.is_active = user.is_staff = user.is_superuser = False
    user.full_clean()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    for token in ApiToken.objects.filter(owner=user, revoked__isnull=True):
        token_revoke(token=token)
    _end_sessions(user)


def _end_sessions(user) -> None:
    """Delete the user's sessions through the session engine (cache and database alike).
    Deactivation already refuses them (ModelBackend checks ``is_active``); this frees the
    data. Sessions keep the user id inside their data, so each is decoded: staff sessions
    are few."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            store(session_key=session.session_key).delete()
