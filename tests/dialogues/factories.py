import datetime

import factory

from dialogues.models import Dialogue, Insight, Theme
from tests.projects.factories import ProjectFactory


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Tema {n}")
    slug = factory.Sequence(lambda n: f"tema-{n}")


class DialogueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dialogue

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Dialog {n}")
    date = datetime.date(2026, 3, 1)
    format = Dialogue.Format.MEETING
    scope = Dialogue.Scope.EXTERNAL
    summary = "Samtal om planering."
    is_published = True


class InsightFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Insight

    dialogue = factory.SubFactory(DialogueFactory)
    kind = Insight.Kind.NEED
    text = factory.Sequence(lambda n: f"Behov {n}")
