from django.db import migrations


class Migration(migrations.Migration):
    """Two branches each added a 0003 (authors' edits and read markers); they touch different tables."""

    dependencies = [
        ("rooms", "0003_erasure_author_edits"),
        ("rooms", "0003_matching_home_read_markers"),
    ]

    operations: list = []
