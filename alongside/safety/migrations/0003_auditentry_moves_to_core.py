"""The audit log moves to the core app (alongside.core.models.AuditEntry), keeping its table and
every row. The row's group becomes a plain id: the foreign-key constraint is dropped here (the
column, its values and its index stay), then the model leaves the safety app's state; core's
0001 takes it over without touching the database."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('groups', '0001_initial'),
        ('safety', '0002_crisisalert_alertnote_notice_restriction_sanction_and_more'),
    ]

    operations = [
        migrations.AlterField(
            model_name='auditentry',
            name='group',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True,
                                    on_delete=django.db.models.deletion.SET_NULL, related_name='+',
                                    to='groups.group'),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='AuditEntry')],
            database_operations=[],
        ),
    ]
