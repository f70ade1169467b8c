"""
The public-sector pages every Swedish public service owes its visitors, linked from every
footer: the accessibility statement (tillgänglighetsredogörelse, lagen (2018:1937) om
tillgänglighet till digital offentlig service), personal data and cookies, and contact.

The prose is written per language (``templates/pages/<page>.<lang>.html``): it is legal text
that is read, reviewed and corrected as a whole, which a paragraph-by-paragraph .po file
makes hard. The facts (settings, durations, addresses, dates) come from one context built
here, so both languages state the same facts; what the operator has not set is said to be
not set, never filled in.

They stay open with PUBLIC_READING off: they show no records, and the accessibility
statement and the ways to reach the organisation must be readable before logging in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

# DIGG's form for reporting a public body's inaccessible digital service.
DIGG_REPORT_URL = (
    "https://www.digg.se/analys-och-uppfoljning/"
    "lagen-om-tillganglighet-till-digital-offentlig-service-dos-lagen/"
    "anmal-bristande-tillganglighet"
)
# The organisation the header names; the statement covers its portal.
ORGANISATION = "Region Jämtland Härjedalen"


@dataclass(frozen=True)
class Duration:
    """A span of time from a setting, for the templates to write in words in either
    language: whole weeks, days, hours or minutes, whichever is exact."""

    seconds: int | None

    @classmethod
    def of(cls, value: int | timedelta | None) -> Duration:
        if isinstance(value, timedelta):
            return cls(int(value.total_seconds()))
        return cls(None if value is None else int(value))

    def __str__(self) -> str:
        if self.seconds is None:
            return str(_("until the browser is closed"))
        units = (
            (604_800, lambda n: ngettext("%(n)d week", "%(n)d weeks", n)),
            (86_400, lambda n: ngettext("%(n)d day", "%(n)d days", n)),
            (3_600, lambda n: ngettext("%(n)d hour", "%(n)d hours", n)),
            (60, lambda n: ngettext("%(n)d minute", "%(n)d minutes", n)),
            (1, lambda n: ngettext("%(n)d second", "%(n)d seconds", n)),
        )
        # The largest unit that states the setting exactly (1209600 s: "2 weeks").
        for size, words in units:
            if self.seconds >= size and self.seconds % size == 0:
                count = self.seconds // size
                return words(count) % {"n": count}
        return ngettext("%(n)d second", "%(n)d seconds", self.seconds) % {"n": self.seconds}


def _language_template(page: str) -> list[str]:
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    # Swedish is the portal's first language and the fallback for any other.
    return [f"pages/{page}.{language}.html", f"pages/{page}.sv.html"]


def _contacts() -> dict:
    registry_lines = [
        line.strip() for line in settings.PORTAL_REGISTRY_ADDRESS.splitlines() if line.strip()
    ]
    return {
        "organisation": ORGANISATION,
        "contact_email": settings.PORTAL_CONTACT_EMAIL,
        "registry_lines": registry_lines,
        "data_protection_email": settings.PORTAL_DATA_PROTECTION_EMAIL,
        "feedback_email": settings.ACCESSIBILITY_FEEDBACK_EMAIL or settings.PORTAL_CONTACT_EMAIL,
        # The one third party a visitor's browser talks to (the maps' background), if any.
        "tiles_host": urlsplit(settings.MAP_TILES_URL).hostname or "",
    }


TITLES = {
    "accessibility": lambda: _("Accessibility statement"),
    "personal_data": lambda: _("Personal data and cookies"),
    "contact": lambda: _("Contact"),
}


def _render(request, page: str, context: dict):
    return render(
        request,
        "pages/page.html",
        {
            "title": TITLES[page](),
            "body_templates": _language_template(page),
            **_contacts(),
            **context,
        },
    )


@require_safe
def accessibility(request):
    return _render(
        request,
        "accessibility",
        {
            "digg_report_url": DIGG_REPORT_URL,
            "service_url": request.build_absolute_uri("/"),
            "assessed_on": settings.ACCESSIBILITY_ASSESSED_ON,
            "updated_on": settings.ACCESSIBILITY_STATEMENT_UPDATED_ON,
        },
    )


@require_safe
def personal_data(request):
    return _render(
        request,
        "personal_data",
        {
            # Read from the settings in force, so that the page cannot drift from them.
            "session_cookie_name": settings.SESSION_COOKIE_NAME,
            "session_age": Duration.of(settings.SESSION_COOKIE_AGE),
            "session_ends_at_browser_close": settings.SESSION_EXPIRE_AT_BROWSER_CLOSE,
            "csrf_cookie_name": settings.CSRF_COOKIE_NAME,
            "csrf_age": Duration.of(settings.CSRF_COOKIE_AGE),
            "language_cookie_name": settings.LANGUAGE_COOKIE_NAME,
            "language_age": Duration.of(settings.LANGUAGE_COOKIE_AGE),
            "axes_failure_limit": settings.AXES_FAILURE_LIMIT,
            "axes_cooloff": Duration.of(settings.AXES_COOLOFF_TIME),
            "axes_access_log": not settings.AXES_DISABLE_ACCESS_LOG,
        },
    )


@require_safe
def contact(request):
    return _render(request, "contact", {})
