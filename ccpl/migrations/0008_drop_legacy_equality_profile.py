"""Drop the old, linked equality table once every answer has its pseudonym (see 0007)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("ccpl", "0007_equality_pseudonymised"),
        ("recruitment", "0002_equality_pseudonymised"),
    ]

    operations = [
        migrations.DeleteModel("LegacyEqualityProfile"),
    ]
