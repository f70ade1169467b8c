import factory

from directions.models import Direction, DirectionPoint, DirectionVersion


class DirectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Direction

    title = factory.Sequence(lambda n: f"Viljeinriktning {n}")


class DirectionVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DirectionVersion

    direction = factory.SubFactory(DirectionFactory)
    number = factory.Sequence(lambda n: n + 1)
    status = DirectionVersion.Status.DRAFT


class DirectionPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DirectionPoint

    version = factory.SubFactory(DirectionVersionFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = "Regionen vill."
