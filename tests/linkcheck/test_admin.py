"""Organizers read every check and every reported suspension in the admin; nobody edits
them there."""

import datetime

import pytest
from django.utils import timezone

from campaigns.models import AccountSuspension, LinkCheck, Post


@pytest.fixture
def organizer_client(client, make_organizer):
    client.force_login(make_organizer())
    return client


def test_the_history_of_checks_and_the_reports_are_listed_read_only(
    organizer_client, volunteer, prisoner
):
    post = Post.objects.create(
        volunteer=volunteer, prisoner=prisoner, platform="x", link="https://x.com/a/status/1"
    )
    now = timezone.now()
    LinkCheck.objects.create(
        post=post,
        checked_at=now,
        status="removed",
        previous_status="live",
        http_status=404,
        detail="oEmbed 404",
    )
    AccountSuspension.objects.create(
        volunteer=volunteer, prisoner=prisoner, platform="x", reported_at=now
    )
    checks = organizer_client.get("/admin/campaigns/linkcheck/")
    assert checks.status_code == 200
    assert "oEmbed 404" in checks.text
    reports = organizer_client.get("/admin/campaigns/accountsuspension/")
    assert reports.status_code == 200
    assert "Lotus" in reports.text
    # Nobody adds, changes or deletes them by hand.
    assert organizer_client.get("/admin/campaigns/linkcheck/add/").status_code == 403
    change = organizer_client.post(
        f"/admin/campaigns/linkcheck/{post.link_checks.get().pk}/change/",
        {"status": "live", "checked_at": now - datetime.timedelta(days=1)},
    )
    assert change.status_code == 403
    assert post.link_checks.get().status == "removed"
