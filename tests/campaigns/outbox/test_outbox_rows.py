"""The outbox's rows: named for what they hold (every email the campaign sends of its own
accord), with a period that fits their kind, and renamed from `Reminder` without losing
a row."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from campaigns.models import OutgoingEmail


@pytest.mark.parametrize(
    ("kind", "period"),
    [("reminder", "2026-11-23"), ("digest", "W48"), ("thanks", "2026-W48"), ("nudge", "")],
)
def test_a_period_that_does_not_fit_the_kind_is_refused(volunteer, kind, period):
    with pytest.raises(IntegrityError), transaction.atomic():
        OutgoingEmail.objects.create(volunteer=volunteer, kind=kind, period=period)


@pytest.mark.parametrize(
    ("kind", "period"),
    [("reminder", "2026-W53"), ("organizer_digest", "2026-W48"), ("thanks", "2026-11-23")],
)
def test_a_week_for_weekly_kinds_and_a_date_for_daily_ones(volunteer, kind, period):
    OutgoingEmail.objects.create(volunteer=volunteer, kind=kind, period=period)
    assert OutgoingEmail.objects.filter(kind=kind, period=period).count() == 1


@pytest.mark.django_db(transaction=True)
def test_renaming_reminder_to_outgoing_email_keeps_every_row(django_user_model):
    executor = MigrationExecutor(connection)
    before = [("campaigns", "0006_audit_volunteer_actions")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    user = old.get_model("advocacy", "User").objects.create(email="kept@example.org")
    Reminder = old.get_model("campaigns", "Reminder")
    made = {
        Reminder.objects.create(volunteer_id=user.pk, kind=kind, period=period, status=status).pk
        for kind, period, status in [
            ("reminder", "2026-W47", "sent"),
            ("thanks", "2026-11-20", "queued"),
            ("organizer_alert", "2026-11-21", "failed"),
        ]
    }
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    kept = OutgoingEmail.objects.filter(volunteer_id=user.pk)
    assert set(kept.values_list("pk", flat=True)) == made
    assert set(kept.values_list("status", flat=True)) == {"sent", "queued", "failed"}
