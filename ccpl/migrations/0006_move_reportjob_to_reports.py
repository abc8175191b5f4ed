"""ReportJob now lives in the reports app (reports/migrations/0001_initial.py): remove it
from the core's state only. The table, its rows and files stay as they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("ccpl", "0005_publications"),
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ReportJob")],
            database_operations=[],
        ),
    ]
