"""Placeholder filled in by the branch that owns it (kept so migrations stay linear)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("prisoners", "0005_fill_provinces")]
    operations = []
