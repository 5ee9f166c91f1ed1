"""The organizers' weekly digest: one per organizer per campaign week, from Monday at
ORGANIZER_DIGEST_HOUR on the campaign's clock, with the dashboard's figures and the
two lists to act on, by pseudonym only.
"""

import datetime

import pytest
import time_machine
from django.core import mail

from campaigns.models import Adoption, CampaignWeek, OutgoingEmail, VolunteerSettings
from campaigns.outbox import schedule, send
from prisoners.models import Priority, Status
from tests.conftest import rung_ids

UTC = datetime.UTC
# Monday 23 November 2026 (2026-W48) at the default hour, 08:00 UTC.
MONDAY = datetime.datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
MINUTE = datetime.timedelta(minutes=1)
WEEK = datetime.timedelta(weeks=1)


@pytest.fixture(autouse=True)
def _campaign_clock(settings):
    settings.CAMPAIGN_TIME_ZONE = "UTC"
    settings.ORGANIZER_DIGEST_HOUR = 8
    settings.REMINDER_NUDGE_AFTER_WEEKS = 2


@pytest.fixture
def tick(django_capture_on_commit_callbacks, doorbell):
    """Tick at `at`, `times` times, committing each (the doorbell is recorded)."""

    def run(at: datetime.datetime, times: int = 1) -> None:
        with time_machine.travel(at, tick=False):
            for _ in range(times):
                with django_capture_on_commit_callbacks(execute=True):
                    schedule.tick()

    return run


def digests():
    return OutgoingEmail.objects.filter(kind=OutgoingEmail.Kind.ORGANIZER_DIGEST)


def test_one_digest_per_organizer_per_campaign_week_however_many_ticks(
    organizer, organizer_without_mfa, make_user, volunteer, tick, doorbell
):
    superuser = make_user(is_superuser=True, is_staff=True)
    former = make_user(is_active=False, is_superuser=True)
    staff_only = make_user(is_staff=True)

    tick(MONDAY - MINUTE, times=3)
    assert not digests().exists()

    tick(MONDAY, times=5)
    tick(MONDAY + 3 * datetime.timedelta(days=1), times=2)  # Thursday
    tick(MONDAY + WEEK - MINUTE)  # next Monday, a minute early
    rows = digests()
    organizers = {organizer.pk, organizer_without_mfa.pk, superuser.pk}
    assert sorted(rows.values_list("volunteer_id", flat=True)) == sorted(organizers)
    assert set(rows.values_list("period", "status")) == {("2026-W48", "queued")}
    # Enqueued with the other new rows, once each.
    assert sorted(rung_ids(doorbell)) == sorted(rows.values_list("pk", flat=True))
    assert not OutgoingEmail.objects.filter(volunteer__in=[volunteer, former, staff_only]).exists()

    tick(MONDAY + WEEK, times=2)
    assert digests().filter(period="2026-W49").count() == len(organizers)
    assert digests().count() == 2 * len(organizers)


def test_not_before_monday_at_the_hour_on_the_campaign_clock(settings, organizer, tick):
    settings.CAMPAIGN_TIME_ZONE = "Asia/Taipei"  # UTC+8, no DST
    # Monday 07:59 in Taipei is Sunday 23:59 UTC: not yet.
    tick(datetime.datetime(2026, 11, 22, 23, 59, tzinfo=UTC))
    assert not digests().exists()
    # Monday 08:00 in Taipei, still Monday 00:00 UTC.
    tick(datetime.datetime(2026, 11, 23, 0, 0, tzinfo=UTC))
    assert list(digests().values_list("period", flat=True)) == ["2026-W48"]
    # Sunday 20:00 UTC is already Monday 04:00 of W49 in Taipei: W49 waits for 08:00,
    # and W48's row is not made again.
    tick(datetime.datetime(2026, 11, 29, 20, 0, tzinfo=UTC))
    assert list(digests().values_list("period", flat=True)) == ["2026-W48"]
    tick(datetime.datetime(2026, 11, 30, 0, 0, tzinfo=UTC))
    assert sorted(digests().values_list("period", flat=True)) == ["2026-W48", "2026-W49"]


def test_the_hour_is_a_setting(settings, organizer, tick):
    settings.ORGANIZER_DIGEST_HOUR = 10
    tick(MONDAY + 2 * datetime.timedelta(hours=1) - MINUTE)
    assert not digests().exists()
    tick(MONDAY + 2 * datetime.timedelta(hours=1))
    assert digests().count() == 1


def test_someone_no_longer_an_organizer_gets_no_digest(organizer, tick):
    tick(MONDAY)
    organizer.groups.clear()
    (row,) = digests()
    with time_machine.travel(MONDAY, tick=False):
        send.send_chunk([row.pk])
    row.refresh_from_db()
    assert row.status == OutgoingEmail.Status.SUPPRESSED
    assert mail.outbox == []


@pytest.fixture
def campaign(make_user, make_prisoner):
    """A known campaign on Monday of W48.

    Published and held: 4 prisoners, of whom 2 are defended (50%): "Lin Urgent"
    (urgent) and "Normal Case" are not. Besides: a released prisoner and an unpublished
    one, neither counted. Defenders: "Quiet Lotus", last post three weeks ago, and
    "Busy Bee", who posted yesterday. One supporter. 7 posts in W47.
    """
    with time_machine.travel(MONDAY - 5 * WEEK, tick=False):
        quiet = make_user(display_name="Quiet Lotus", email="quiet.lotus@example.org")
        busy = make_user(display_name="Busy Bee", email="busy.bee@example.org")
        supporter = make_user(display_name="Kind Reed", email="kind.reed@example.org")
        quiet_case = make_prisoner(name="Quiet Case")
        busy_case = make_prisoner(name="Busy Case")
        urgent = make_prisoner(name="Lin Urgent", priority=Priority.URGENT)
        make_prisoner(name="Normal Case")
        make_prisoner(name="Released Case", status=Status.RELEASED)
        make_prisoner(name="Hidden Case", is_published=False, priority=Priority.URGENT)
        Adoption.objects.create(volunteer=quiet, prisoner=quiet_case, role="defender")
        Adoption.objects.create(volunteer=busy, prisoner=busy_case, role="defender")
        Adoption.objects.create(volunteer=supporter, prisoner=urgent, role="supporter")
    VolunteerSettings.objects.create(volunteer=quiet, last_posted_at=MONDAY - 3 * WEEK)
    VolunteerSettings.objects.create(
        volunteer=busy, last_posted_at=MONDAY - datetime.timedelta(days=1)
    )
    CampaignWeek.objects.create(week=datetime.date(2026, 11, 16), posts=7)
    return {"quiet": quiet, "busy": busy, "supporter": supporter, "urgent": urgent}


def test_the_digest_shows_the_figures_and_who_needs_attention_without_addresses(
    organizer, volunteer, campaign, tick, settings
):
    tick(MONDAY)
    (row,) = digests()
    assert row.volunteer == organizer
    with time_machine.travel(MONDAY + MINUTE, tick=False):
        assert send.send_chunk([row.pk])[send.Outcome.SENT] == 1
    (message,) = mail.outbox
    assert message.to == [organizer.email]
    html = message.alternatives[0][0]
    assert message.subject == "The campaign this week: 50% defended, 2 prisoners without a defender"
    for body in (message.body, html):
        assert "Defended: 2 of 4 prisoners still held (50%)" in body
        assert "Without a defender: 2" in body
        assert "Published profiles: 5" in body
        assert "Supporters: 1" in body
        assert "Posts last week: 7" in body
        assert "Volunteers who posted in the last 30 days: 2" in body
        # The most urgent uncovered prisoner first, by name; unpublished ones never.
        assert "Lin Urgent (Urgent)" in body
        assert body.index("Lin Urgent") < body.index("Normal Case")
        assert "Hidden Case" not in body and "Released Case" not in body
        # The quiet defender by pseudonym, with their prisoner; the busy one not.
        assert "Quiet Lotus" in body and "Quiet Case" in body and "3 weeks quiet" in body
        assert "no post yet" not in body  # Quiet Lotus posted, three weeks ago
        assert "Busy Bee" not in body
        assert settings.SITE_URL + "/organize/" in body
        # Nobody's address, not even a piece of one, and no other volunteer's.
        assert "@" not in body.replace(organizer.email, "")
        for user in (*campaign.values(), volunteer):
            if hasattr(user, "email"):
                assert user.email.split("@")[0] not in body
    assert message.extra_headers["List-Unsubscribe"]
