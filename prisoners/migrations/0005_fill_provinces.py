"""Placeholder filled in by the branch that owns it (kept so migrations stay linear)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("prisoners", "0004_chinese_texts_names_provinces")]
    operations = []
