# Placeholder, filled in by the one-tap posting work (issue 13): the volunteer's Mastodon instance.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0009_post_honest")]

    operations = []
