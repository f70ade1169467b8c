import pytest


@pytest.mark.django_db
def test_robots_txt_keeps_crawlers_out_of_api_admin_and_accounts(client, django_assert_num_queries):
    with django_assert_num_queries(0):  # the bench's baseline: no database at all
        response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for path in ("/admin/", "/api/", "/konto/", "/historik/"):
        assert f"Disallow: {path}" in lines
    assert "Disallow: /" not in lines  # the public pages stay indexable


@pytest.mark.django_db
def test_robots_txt_answers_without_public_reading(client, settings):
    settings.PUBLIC_READING = False
    assert client.get("/robots.txt").status_code == 200


@pytest.mark.django_db
def test_robots_txt_refuses_post(client):
    assert client.post("/robots.txt").status_code == 405
