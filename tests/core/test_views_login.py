import re

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_demo_accounts_of_make_run_log_in_on_the_login_page(client, settings):
    settings.DEBUG = True
    call_command("demo_accounts", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for username in ("planerare", "registrator", "ledamot", "admin"):
        response = client.post(
            reverse("login"), {"username": username, "password": f"{username}-demo-portal"}
        )
        assert response.status_code == 302, username
        assert response["Location"] == reverse("home")
        client.post(reverse("logout"))


def test_login_greets_the_user_and_returns_to_the_page_asked_for(client, planner):
    response = client.post(
        reverse("login") + "?next=/dialoger/",
        {"username": "planner", "password": "correct-horse-battery", "next": "/dialoger/"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/dialoger/"
    assert "You are logged in as Pia Planerare." in response.content.decode()


def test_a_wrong_password_keeps_the_username_and_says_what_is_wrong(client, planner):
    response = client.post(reverse("login"), {"username": "planner", "password": "wrong"})
    content = response.content.decode()
    assert response.status_code == 200
    assert 'value="planner"' in content
    assert "error-summary" in content


def test_logout_is_a_post_and_says_so(client, planner):
    client.force_login(planner)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"), follow=True)
    assert "You are logged out." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_header_shows_log_in_to_visitors_and_name_role_and_log_out_to_users(client, planner):
    assert "Log in" in client.get(reverse("home")).content.decode()
    client.force_login(planner)
    content = client.get(reverse("home")).content.decode()
    assert "Pia Planerare" in content
    assert "(Planner)" in content
    assert reverse("logout") in content


def test_the_language_switch_turns_the_portal_swedish_and_back(client):
    response = client.post(reverse("set_language"), {"language": "sv", "next": "/projekt/"})
    assert response["Location"] == "/projekt/"
    content = client.get("/projekt/").content.decode()
    assert '<html lang="sv">' in content
    assert "<h1>Projekt</h1>" in content
    assert re.search(r'<button[^>]* lang="en"[^>]*>In English</button>', content)
    client.post(reverse("set_language"), {"language": "en", "next": "/projekt/"})
    content = client.get("/projekt/").content.decode()
    assert '<html lang="en">' in content
    assert "<h1>Projects</h1>" in content
    assert re.search(r'<button[^>]* lang="sv"[^>]*>På svenska</button>', content)


def test_pages_have_a_skip_link_landmarks_and_a_labelled_search(client):
    content = client.get(reverse("home")).content.decode()
    assert 'href="#main-content"' in content
    assert '<main id="main-content"' in content
    assert "<header" in content and "<footer" in content and "<nav" in content
    assert '<label for="site-search-q"' in content


@pytest.mark.django_db
def test_swedish_record_text_keeps_lang_sv_on_english_pages(client, case):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    content = client.get(case.get_absolute_url()).content.decode()
    assert '<html lang="en">' in content
    assert f'<h1 lang="sv">{case.title}</h1>' in content
    client.post(reverse("set_language"), {"language": "sv", "next": "/"})
    content = client.get(case.get_absolute_url()).content.decode()
    assert f"<h1>{case.title}</h1>" in content
