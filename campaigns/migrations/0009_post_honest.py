# Placeholder, filled in by the honest-rhythm work (issue 13): posts that count, logged once.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0008_outbox_period_fits_kind")]

    operations = []
