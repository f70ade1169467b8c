from django.db import migrations, models

# The dialogues' default order, date DESC NULLS LAST then title. PostgreSQL says it in the
# index; SQLite takes no NULLS LAST there, but sorts NULL lowest, so DESC puts it last anyway.
NEWEST = {
    "postgresql": "CREATE INDEX dialogues_dialogue_newest "
    "ON dialogues_dialogue (date DESC NULLS LAST, title)",
    "sqlite": "CREATE INDEX dialogues_dialogue_newest ON dialogues_dialogue (date DESC, title)",
}


def create_newest(apps, schema_editor):
    schema_editor.execute(NEWEST[schema_editor.connection.vendor])


def drop_newest(apps, schema_editor):
    schema_editor.execute("DROP INDEX dialogues_dialogue_newest")


class Migration(migrations.Migration):
    dependencies = [("dialogues", "0004_search_indexes")]

    operations = [
        migrations.AddIndex(
            model_name="insight",
            index=models.Index(fields=["position", "id"], name="dialogues_insight_order"),
        ),
        migrations.RunPython(create_newest, drop_newest),
    ]
