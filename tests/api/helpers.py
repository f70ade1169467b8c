"""Small helpers for the API tests."""

from __future__ import annotations

from django.urls import reverse


def list_url(basename: str, **query) -> str:
    url = reverse(f"{basename}-list")
    if query:
        from urllib.parse import urlencode

        url += "?" + urlencode(query)
    return url


def detail_url(basename: str, key) -> str:
    lookup = "code" if basename in ("municipality", "county") else "pk"
    return reverse(f"{basename}-detail", kwargs={lookup: key})


def ids(response) -> list:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def fetch(client, url: str) -> tuple[dict, str]:
    """The record and its ETag."""
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json(), response["ETag"]


def errors(response) -> dict:
    return response.json()["errors"]
