# The GIN indexes of the full-text search on PostgreSQL (the models' search_index, core.search.search_indexes());
# nothing on SpatiaLite.

from django.db import migrations

from core.search import AddSearchIndex


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [
        AddSearchIndex(
            model_name="project",
            fields=["diarienummer", "title", "summary", "purpose", "background"],
            name="projects_project_search",
        ),
    ]
