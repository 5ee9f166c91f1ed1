"""The outbox holds every email the campaign sends of its own accord, not only reminders:
the model, its table, its constraint and its indexes are renamed. Every row is kept
(RenameModel renames the table in place)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0006_audit_volunteer_actions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("Reminder", "OutgoingEmail"),
        migrations.AlterModelOptions(
            name="outgoingemail",
            options={"verbose_name": "outgoing email", "verbose_name_plural": "outgoing emails"},
        ),
        migrations.AlterField(
            model_name="outgoingemail",
            name="volunteer",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="outgoing_emails",
                to=settings.AUTH_USER_MODEL,
                verbose_name="recipient",
            ),
        ),
        migrations.RenameIndex(
            model_name="outgoingemail", new_name="outbox_pending", old_name="reminder_pending"
        ),
        migrations.RenameIndex(
            model_name="outgoingemail", new_name="outbox_created", old_name="reminder_created"
        ),
        migrations.RenameIndex(
            model_name="outgoingemail",
            new_name="outbox_recipient_recent",
            old_name="reminder_volunteer_recent",
        ),
        migrations.RemoveConstraint(
            model_name="outgoingemail", name="one_reminder_per_kind_and_period"
        ),
        migrations.AddConstraint(
            model_name="outgoingemail",
            constraint=models.UniqueConstraint(
                fields=("volunteer", "period", "kind"), name="one_email_per_kind_and_period"
            ),
        ),
    ]
