"""Browser tests: Playwright driving Debian's Chromium against the live test server.

Playwright cannot download browsers here; it launches /usr/bin/chromium (installed by
`make test`) without a sandbox and without background networking, so a test never touches
the internet. Map tiles are blocked: the portal must work without them.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

pytestmark = pytest.mark.browser


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium is not at {CHROMIUM}; `make test` installs it (apt: chromium)")
    # Playwright's sync API runs an event loop in this thread; Django's ORM would then refuse
    # synchronous queries in the test body. The tests are single-threaded, so allow them.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-gpu",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    # Nothing but the live server: background tiles and anything else external are refused.
    context.route(
        lambda url: not url.startswith(live_server.url),
        lambda route: route.abort(),
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def login(page):
    """Log a persona in through the login form (or the admin's when the portal has none)."""

    def _login(user, password="correct-horse-battery"):
        from django.urls import NoReverseMatch, reverse

        try:
            url = reverse("login")
        except NoReverseMatch:
            url = reverse("admin:login")
        page.goto(url)
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", password)
        page.locator("form [type=submit]").last.click()
        page.wait_for_load_state()
        return page

    return _login


@pytest.fixture
def axe():
    """Run axe-core (bundled with axe-playwright-python, no CDN) for WCAG 2.1 AA and return
    the violations as readable lines; a test asserts the list is empty."""
    from axe_playwright_python.sync_playwright import Axe

    runner = Axe()

    def _violations(page) -> list[str]:
        results = runner.run(
            page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}}
        ).response
        return [
            f"{v['id']} ({v['impact']}): {v['help']} – "
            + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:5])
            for v in results["violations"]
        ]

    return _violations
