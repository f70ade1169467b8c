# The GIN indexes of the full-text search on PostgreSQL (the models' search_index, core.search.search_indexes());
# nothing on SpatiaLite.

from django.db import migrations

from core.search import AddSearchIndex


class Migration(migrations.Migration):
    dependencies = [("directions", "0002_initial")]

    operations = [
        AddSearchIndex(
            model_name="directionpoint",
            fields=["text"],
            name="directions_point_search",
        ),
    ]
