"""The public-sector pages (planning_portal/pages.py): the accessibility statement, personal
data and cookies, contact. Each answers everyone in Swedish and English, states what DIGG
requires, reads its facts from the settings, and says "not set" rather than invent one."""

import datetime
import re

import pytest
from django.template.loader import get_template
from django.urls import reverse

from planning_portal.pages import DIGG_REPORT_URL, Duration

PAGES = ["pages:accessibility", "pages:personal_data", "pages:contact"]
LANGUAGES = ["sv", "en"]

pytestmark = pytest.mark.django_db


@pytest.fixture
def unset(settings):
    settings.PORTAL_CONTACT_EMAIL = ""
    settings.PORTAL_REGISTRY_ADDRESS = ""
    settings.PORTAL_DATA_PROTECTION_EMAIL = ""
    settings.ACCESSIBILITY_FEEDBACK_EMAIL = ""
    settings.ACCESSIBILITY_ASSESSED_ON = None
    settings.ACCESSIBILITY_STATEMENT_UPDATED_ON = None
    return settings


def text_of(response) -> str:
    """The main content as words, without tags."""
    main = response.content.decode().split('<main id="main-content"', 1)[1].split("</main>")[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def get(client, name, language):
    response = client.get(reverse(name), headers={"accept-language": language})
    assert response.status_code == 200, (name, language)
    assert f'<html lang="{language}">' in response.content.decode()
    return response


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_each_page_answers_anonymous_visitors_with_one_h1(client, name, language):
    response = get(client, name, language)
    assert response.content.decode().count("<h1") == 1


@pytest.mark.parametrize("name", PAGES)
def test_the_pages_stay_open_with_public_reading_off(client, settings, name):
    settings.PUBLIC_READING = False
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", PAGES)
def test_the_pages_refuse_posts(client, name):
    assert client.post(reverse(name)).status_code == 405


@pytest.mark.parametrize("page", ["accessibility", "personal_data", "contact"])
def test_every_page_is_written_in_both_languages(page):
    for language in LANGUAGES:
        get_template(f"pages/{page}.{language}.html")


# --- the accessibility statement -----------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_statement_links_to_diggs_reporting_form(client, language):
    content = get(client, "pages:accessibility", language).content.decode()
    assert f'href="{DIGG_REPORT_URL}"' in content
    assert DIGG_REPORT_URL.endswith("/anmal-bristande-tillganglighet")


@pytest.mark.parametrize(
    ("language", "status", "method"),
    [
        ("sv", "delvis förenlig", "axe-core"),
        ("en", "partially compliant", "axe-core"),
    ],
)
def test_the_statement_names_status_standard_method_and_organisation(
    client, language, status, method
):
    text = text_of(get(client, "pages:accessibility", language))
    for required in [status, "WCAG 2.1", "EN 301 549", "2018:1937", method, "Chromium"]:
        assert required in text
    assert "Region Jämtland Härjedalen" in text
    assert "http://testserver/" in text  # the service it covers


def test_the_statement_names_the_tile_host_as_known_gap_only_when_tiles_are_used(client, settings):
    settings.MAP_TILES_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    assert "tiles.example.org" in text_of(get(client, "pages:accessibility", "en"))
    settings.MAP_TILES_URL = ""
    assert "The map background" not in text_of(get(client, "pages:accessibility", "en"))


@pytest.mark.parametrize(
    ("language", "not_set"),
    [
        ("sv", "har inte angett någon adress för synpunkter på tillgängligheten"),
        ("en", "has not set an address for feedback on accessibility"),
    ],
)
def test_the_statement_says_plainly_when_the_feedback_address_is_not_set(
    client, unset, language, not_set
):
    text = text_of(get(client, "pages:accessibility", language))
    assert not_set in text
    assert "mailto:" not in get(client, "pages:accessibility", language).content.decode()


def test_the_feedback_address_is_the_setting_or_else_the_contact_address(client, unset):
    unset.PORTAL_CONTACT_EMAIL = "registrator@example.org"
    content = get(client, "pages:accessibility", "sv").content.decode()
    assert 'href="mailto:registrator@example.org"' in content
    unset.ACCESSIBILITY_FEEDBACK_EMAIL = "tillganglighet@example.org"
    content = get(client, "pages:accessibility", "sv").content.decode()
    assert 'href="mailto:tillganglighet@example.org"' in content
    assert "registrator@example.org" not in content


def test_the_statement_shows_the_dates_set_and_says_when_they_are_not(client, unset):
    text = text_of(get(client, "pages:accessibility", "sv"))
    assert "har inte angett när bedömningen senast gjordes" in text
    assert "har inte angett när redogörelsen senast uppdaterades" in text

    unset.ACCESSIBILITY_ASSESSED_ON = datetime.date(2026, 11, 30)
    unset.ACCESSIBILITY_STATEMENT_UPDATED_ON = datetime.date(2026, 12, 4)
    text = text_of(get(client, "pages:accessibility", "sv"))
    assert "Bedömningen gjordes senast den 30 november 2026." in text
    assert "Redogörelsen uppdaterades senast den 4 december 2026." in text
    assert "har inte angett" not in text.split("Hur vi har testat")[1].split("Tillsyn")[0]
    text = text_of(get(client, "pages:accessibility", "en"))
    assert "last made on 30 November 2026" in text
    assert "last updated on 4 December 2026" in text


# --- personal data and cookies -------------------------------------------------------------


def test_the_personal_data_page_reads_its_durations_from_the_settings(client, settings):
    settings.SESSION_COOKIE_AGE = 8 * 3600
    settings.CSRF_COOKIE_AGE = 7 * 86_400
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
    text = text_of(get(client, "pages:personal_data", "sv"))
    assert "gäller i 8 timmar" in text
    assert "gäller i 1 vecka" in text
    assert "Efter 3 misslyckade försök spärras inloggningen i 30 minuter" in text
    text = text_of(get(client, "pages:personal_data", "en"))
    assert "lasts 8 hours" in text
    assert "After 3 failed attempts logging in is locked for 30 minutes" in text


def test_the_personal_data_page_names_the_cookies_as_configured(client, settings):
    settings.SESSION_COOKIE_NAME = "portal_session"
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    text = text_of(get(client, "pages:personal_data", "en"))
    assert "portal_session (login)" in text
    assert "csrftoken" in text
    assert "django_language" in text
    assert "It lasts until the browser is closed" in text


def test_the_personal_data_page_covers_logins_history_and_tokens(client):
    text = text_of(get(client, "pages:personal_data", "en"))
    for subject in [
        "Failed logins",
        "Change history",
        "API tokens",
        "SHA-256",
        "A member of staff",
    ]:
        assert subject in text


def test_the_personal_data_page_says_when_no_data_protection_officer_is_set(client, unset):
    assert "has not set an address for the data protection officer" in text_of(
        get(client, "pages:personal_data", "en")
    )
    unset.PORTAL_DATA_PROTECTION_EMAIL = "dataskydd@example.org"
    assert 'href="mailto:dataskydd@example.org"' in (
        get(client, "pages:personal_data", "en").content.decode()
    )


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (1_209_600, "2 weeks"),
        (86_400, "1 day"),
        (900, "15 minutes"),
        (90, "90 seconds"),
        (None, "until the browser is closed"),
    ],
)
def test_durations_are_written_in_the_largest_exact_unit(seconds, words):
    assert str(Duration.of(seconds)) == words


# --- contact -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "address_not_set", "email_not_set"),
    [
        ("sv", "har inte angett registraturens adress", "har inte angett någon e-postadress"),
        ("en", "has not set the registry's address", "has not set an e-mail address"),
    ],
)
def test_the_contact_page_says_plainly_what_is_not_set(
    client, unset, language, address_not_set, email_not_set
):
    text = text_of(get(client, "pages:contact", language))
    assert address_not_set in text
    assert email_not_set in text


def test_the_contact_page_shows_the_registry_address_and_email_set(client, unset):
    unset.PORTAL_REGISTRY_ADDRESS = "Registraturen\nBox 1\n000 00 Orten"
    unset.PORTAL_CONTACT_EMAIL = "registrator@example.org"
    content = get(client, "pages:contact", "sv").content.decode()
    assert "<address>Registraturen<br>Box 1<br>000 00 Orten</address>" in content
    assert 'href="mailto:registrator@example.org"' in content
    assert "har inte angett" not in content


# --- the footer ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/projekt/",
        "/dialoger/",
        "/viljeinriktning/",
        "/beslut/",
        "/karta/",
        "/platser/",
        "/organisationer/",
        "/sok/?q=plan",
        "/konto/logga-in/",
        "/finns-inte/",
        "/om/tillganglighet/",
        "/om/personuppgifter/",
        "/om/kontakt/",
    ],
)
def test_every_page_links_the_public_sector_pages_from_its_footer(client, url):
    content = client.get(url).content.decode()
    footer = content.split('<footer class="site-footer">', 1)[1]
    for name in PAGES:
        assert f'href="{reverse(name)}"' in footer, (url, name)
