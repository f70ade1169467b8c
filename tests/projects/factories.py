import datetime

import factory

from projects.models import FundingLine, Milestone, Project


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    diarienummer = factory.Sequence(lambda n: f"RUN/{n + 1}/2026")
    title = factory.Sequence(lambda n: f"Projekt {n}")
    summary = "Ett projekt."
    start_date = datetime.date(2026, 1, 1)
    end_date = datetime.date(2026, 12, 31)
    status = Project.Status.ONGOING
    is_published = True


class FundingLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingLine

    project = factory.SubFactory(ProjectFactory)
    kind = FundingLine.Kind.GRANT
    programme = "Anslag 1:1"


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Milstolpe {n}")
    planned_date = datetime.date(2026, 6, 1)
