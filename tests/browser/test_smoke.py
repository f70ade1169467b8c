import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_start_page_opens_in_chromium_and_passes_axe(page, axe, case):
    page.goto("/")
    assert page.locator("h1").count() == 1
    assert page.locator("html").get_attribute("lang") == "sv"
    assert axe(page) == []


def test_admin_logs_in_on_the_portal_and_reaches_the_admin(page, login, admin_user):
    login(admin_user)
    assert page.url.endswith("/")
    page.goto("/admin/")
    assert page.url.endswith("/admin/")
    assert page.locator("#site-name").count() == 1
