# The failed emails' index made partial (only they are written to it), built and dropped
# without blocking the outbox's writes: the outbox has a row a volunteer a week.

from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("campaigns", "0015_post_keys_indexed_once"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="outgoingemail",
            index=models.Index(
                models.OrderBy(models.F("created_at"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("status", "failed")),
                name="outbox_failed_recent",
            ),
        ),
        RemoveIndexConcurrently(
            model_name="outgoingemail",
            name="outbox_status_recent",
        ),
    ]
