"""Full-text search of room messages and thread posts, on PostgreSQL.

Each message and post keeps a `search_vector` (its words reduced to their stems in the group's
language), written with the text and indexed with GIN, so a search reads the index instead of
every row. The language is the group's (`Group.language`): "walking" finds "walked" in an English
group, "caminando" finds "caminé" in a Spanish one; languages without a PostgreSQL dictionary
here match whole words as written ('simple'). Changing a group's language rebuilds its vectors
(`rooms.actions.refresh_search_vectors`).

On SQLite (the embedded mode) the vector stays empty and search finds the text as typed.
"""

from __future__ import annotations

from typing import Any

from django.db import connection

# Group.language -> PostgreSQL text search configuration. 0002_search_vectors holds a copy for
# the vectors it fills: change both together (and refresh the groups whose language changes).
CONFIGS = {
    "en": "english",
    "es": "spanish",
    "fr": "french",
    "de": "german",
    "nl": "dutch",
    "it": "italian",
    "pt": "portuguese",
}
FALLBACK = "simple"


def config_for(language: str) -> str:
    return CONFIGS.get((language or "").split("-")[0].lower(), FALLBACK)


def enabled() -> bool:
    """PostgreSQL searches words; SQLite finds the text as typed."""
    return connection.vendor == "postgresql"


def has_words(config: str, q: str) -> bool:
    """False when the query is only words too common to index ("the", "why") or punctuation:
    full-text search would find nothing, so the caller looks for the text as typed instead."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT numnode(websearch_to_tsquery(%s::regconfig, %s))", [config, q])
        row: Any = cursor.fetchone()
        return bool(row[0])
