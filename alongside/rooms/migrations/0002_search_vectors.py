# Full-text search on PostgreSQL (see alongside/rooms/fulltext.py): a stored tsvector per message and
# thread post, GIN-indexed, filled here for what was written before. SQLite gets the (unused) columns.

import django.contrib.postgres.search
from django.db import migrations

# A copy of rooms.fulltext.CONFIGS as it was when this ran.
CONFIGS = {"en": "english", "es": "spanish", "fr": "french", "de": "german", "nl": "dutch",
           "it": "italian", "pt": "portuguese"}


def _config_sql(language_column):
    cases = " ".join(f"WHEN '{code}' THEN '{config}'" for code, config in CONFIGS.items())
    return (f"(CASE lower(split_part({language_column}, '-', 1)) {cases} ELSE 'simple' END)::regconfig")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    config = _config_sql("g.language")
    schema_editor.execute(
        f"UPDATE rooms_message m SET search_vector = to_tsvector({config}, m.text) "
        f"FROM groups_group g WHERE g.id = m.group_id")
    schema_editor.execute(
        f"UPDATE rooms_threadpost p SET search_vector = to_tsvector({config}, p.text) "
        f"FROM rooms_thread t JOIN groups_group g ON g.id = t.group_id WHERE t.id = p.thread_id")
    schema_editor.execute("CREATE INDEX rooms_message_search ON rooms_message USING gin (search_vector)")
    schema_editor.execute("CREATE INDEX rooms_threadpost_search ON rooms_threadpost USING gin (search_vector)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS rooms_message_search")
    schema_editor.execute("DROP INDEX IF EXISTS rooms_threadpost_search")


class Migration(migrations.Migration):

    dependencies = [
        ('groups', '0001_initial'),
        ('rooms', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='message',
            name='search_vector',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='threadpost',
            name='search_vector',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(forwards, backwards),
    ]
