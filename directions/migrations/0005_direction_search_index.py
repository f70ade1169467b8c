"""The search page finds a statement of intent by its own title (issue 12 §3): the same
GIN index as every other kind of the search page (core.search)."""

from django.db import migrations

from core.search import AddSearchIndex


class Migration(migrations.Migration):
    dependencies = [("directions", "0004_version_one_open")]

    operations = [
        AddSearchIndex(
            model_name="direction",
            fields=["title", "description"],
            name="directions_direction_search",
        ),
    ]
