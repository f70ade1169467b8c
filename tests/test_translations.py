"""The Swedish translation is complete: every message in locale/sv has a translation and
none is fuzzy (run `manage.py makemessages -l sv` after adding strings, then translate)."""

import re
from pathlib import Path

import pytest
from django.conf import settings

PO_FILE = Path(settings.BASE_DIR) / "locale" / "sv" / "LC_MESSAGES" / "django.po"


def entries():
    text = PO_FILE.read_text(encoding="utf-8")
    for block in text.split("\n\n")[1:]:
        msgid = "".join(
            re.findall(
                r'^(?:msgid )?"(.*)"$', block.split("msgid_plural")[0].split("msgstr")[0], re.M
            )
        )
        yield msgid, block


def test_every_message_has_a_swedish_translation_and_none_is_fuzzy():
    untranslated = []
    for msgid, block in entries():
        translations = re.findall(r'^msgstr(?:\[\d\])? "(.*)"((?:\n".*")*)', block, re.M)
        if "#, fuzzy" in block or any(
            not (first + rest.replace('"', "").strip()) for first, rest in translations
        ):
            untranslated.append(msgid)
    assert untranslated == []


@pytest.mark.django_db
def test_pages_speak_swedish_with_swedish_dates(client, case, swedish):
    content = client.get(case.get_absolute_url()).content.decode()
    assert '<html lang="sv">' in content
    assert "Tidslinje" in content and "Finansiering" in content
    assert "13 maj 2025" in content
    assert "Timeline" not in content


# Issue 12 §3: one term for each thing, in plain Swedish (Språklagen).
@pytest.mark.parametrize(
    ("english", "unwanted", "wanted"),
    [
        ("public", "allmän", "offentlig"),  # a secret document is still allmän
        ("Download the layers", "Ladda ner", "Ladda ned"),
    ],
)
def test_swedish_wording(english, unwanted, wanted):
    from django.utils import translation

    with translation.override("sv"):
        swedish = translation.gettext(english)
    assert unwanted not in swedish and wanted in swedish, swedish


@pytest.mark.django_db
def test_a_new_formset_row_is_named_in_lower_case(client, planner):
    from django.urls import reverse

    client.force_login(planner)
    html = client.get(reverse("projects:create"), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Ny milstolpe" in html and "Ny finansieringspost" in html
    assert "Ny Milstolpe" not in html
