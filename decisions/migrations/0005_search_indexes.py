# The GIN indexes of the full-text search on PostgreSQL (the models' search_index, core.search.search_indexes());
# nothing on SpatiaLite.

from django.db import migrations

from core.search import AddSearchIndex


class Migration(migrations.Migration):
    dependencies = [("decisions", "0004_document_file_checked_by_content")]

    operations = [
        AddSearchIndex(
            model_name="agendaitem",
            fields=["title", "summary", "diarienummer"],
            name="decisions_agendaitem_search",
        ),
        AddSearchIndex(
            model_name="proposalpoint",
            fields=["text"],
            name="decisions_proposalpoint_search",
        ),
        AddSearchIndex(
            model_name="decisionpoint",
            fields=["text"],
            name="decisions_decisionpoint_search",
        ),
        AddSearchIndex(
            model_name="document",
            fields=["title", "diarienummer"],
            name="decisions_document_search",
        ),
    ]
