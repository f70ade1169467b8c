# The GIN indexes of the full-text search on PostgreSQL (the models' search_index, core.search.search_indexes());
# nothing on SpatiaLite.

from django.db import migrations

from core.search import AddSearchIndex


class Migration(migrations.Migration):
    dependencies = [("dialogues", "0003_theme_history")]

    operations = [
        AddSearchIndex(
            model_name="dialogue",
            fields=["title", "summary"],
            name="dialogues_dialogue_search",
        ),
        AddSearchIndex(
            model_name="insight",
            fields=["text", "response"],
            name="dialogues_insight_search",
        ),
    ]
