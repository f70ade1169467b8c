from django.contrib.contenttypes.models import ContentType
from django.db import models


class SeedRecord(models.Model):
    """A row that ``load_case`` or ``generate_data`` made, named by its model and id.

    This is what tells generated data apart, never a text of the record itself: ``source``
    and titles are typed by planners, and ``generate_data --replace`` once deleted
    published, adjusted minutes whose source a planner had written like the generator's.
    No form, admin page or API endpoint writes here, so no user can mark a record.
    """

    class Origin(models.TextChoices):
        CASE = "case", "load_case"
        GENERATED = "generated", "generate_data"

    origin = models.CharField(max_length=16, choices=Origin.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="seed_seedrecord_unique_record"
            )
        ]

    def __str__(self) -> str:
        return f"{self.origin}: {self.content_type.model} {self.object_id}"
