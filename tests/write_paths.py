"""Write a record through one of the three paths — its page form, the REST API, the admin —
for the tests that prove a rule of a service holds on every path
(``@pytest.mark.parametrize("path", PATHS)``).

A change is two steps, as a person makes it: ``opened = open_edit(path, client, target)``
reads the form (or the record and its ETag) at the version of that moment, then
``submit(path, client, target, opened, changes)`` sends it back with ``changes``. Whatever
happens in between (another editor's save) happens between the two calls.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Model
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

PATHS = ["page", "api", "admin"]


@dataclass
class Target:
    """Where a record is written on each path: its page's edit URL (None: no page writes
    it), its API basename and its admin."""

    record: Model
    page: str | None
    api: str

    @property
    def api_url(self) -> str:
        return reverse(f"{self.api}-detail", args=[self.record.pk])

    def admin_url(self, view: str = "change") -> str:
        opts = self.record._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[self.record.pk])


def client_for(path: str, user) -> Client:
    """A logged-in client for ``path`` (the admin path wants a superuser)."""
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en") if path == "api" else Client()
    client.force_login(user)
    return client


def open_edit(path: str, client, target: Target) -> dict:
    """The edit form's data as loaded (page, admin), or the record with its ETag (API)."""
    if path == "api":
        response = client.get(target.api_url)
        assert response.status_code == 200, response.content
        return {"etag": response["ETag"]}
    response = client.get(target.page if path == "page" else target.admin_url())
    assert response.status_code == 200
    return form_data(response)


def submit(path: str, client, target: Target, opened: dict, changes: dict):
    """Send the opened form (or a PATCH with the ETag read) with ``changes``."""
    if path == "api":
        return client.patch(target.api_url, changes, format="json", HTTP_IF_MATCH=opened["etag"])
    url = target.page if path == "page" else target.admin_url()
    return client.post(url, {**opened, **changes})


def form_data(response) -> dict:
    """What a browser would post back unchanged: every form and formset in the response's
    context (a page's ``form`` and ``formsets``, the admin's form and inlines), with the
    management forms."""
    context = response.context
    forms = []
    if "adminform" in context:
        forms.append(context["adminform"].form)
        for inline in context["inline_admin_formsets"]:
            forms += [inline.formset.management_form, *inline.formset.forms]
    else:
        forms.append(context["form"])
        for formset in context.get("formsets", []):
            forms += [formset.management_form, *formset.forms]
    data: dict = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            key = form.add_prefix(name)
            if value is None or value is False:
                continue
            if value is True:
                data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            elif isinstance(value, datetime.date):
                data[key] = value.isoformat()
            else:
                data[key] = str(value)
    return data


def refused(path: str, response) -> None:
    """Assert the path's answer to a refused write: the page 409 or its form again with
    errors, the API 4xx, the admin its form again with the errors or a message."""
    if path == "api":
        assert 400 <= response.status_code < 500, response.content
    else:
        assert response.status_code in (200, 409), response.status_code
