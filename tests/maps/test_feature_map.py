"""{% feature_map %}: the small map of one record on its detail page."""

import json
import re

import pytest
from django.template import Context, Template, TemplateSyntaxError

from tests.dialogues.factories import DialogueFactory

pytestmark = pytest.mark.django_db


def render(text, **context):
    return Template("{% load maps_tags %}" + text).render(Context(context))


def test_a_small_map_reads_its_feature_from_the_ogc_api(settings):
    settings.MAP_TILES_URL = "https://tiles.example.se/{z}/{x}/{y}.png"
    dialogue = DialogueFactory()
    html = render('{% feature_map "dialogues" dialogue %}', dialogue=dialogue)
    assert f'data-item-url="/ogc/collections/dialogues/items/{dialogue.pk}"' in html
    config_id = f"feature-map-dialogues-{dialogue.pk}"
    match = re.search(rf'<script id="{config_id}" type="application/json">(.*?)</script>', html)
    assert json.loads(match.group(1))["tiles"]["url"] == settings.MAP_TILES_URL
    assert 'src="/static/maps/feature-map.js"' in html
    assert dialogue.title in html  # the text alternative names the record
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert 'type="application/json"' in tag or "src=" in tag, tag


def test_an_unknown_layer_is_a_template_error():
    with pytest.raises(TemplateSyntaxError):
        render('{% feature_map "castles" thing %}', thing=DialogueFactory())
