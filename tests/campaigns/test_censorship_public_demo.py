"""`load_demo` adds the censorship watch's demo: checked posts with their history, daily
counters consistent with them, two suspension reports; loading again adds nothing."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from campaigns.models import AccountSuspension, CensorshipDay, LinkCheck, Post
from campaigns.public_record.demo import statuses


@pytest.fixture
def loaded(db, tmp_path):
    out = io.StringIO()
    call_command("load_demo", "--csv", str(tmp_path / "absent.csv"), stdout=out)
    return out.getvalue(), tmp_path / "absent.csv"


def _state():
    return (
        list(Post.objects.order_by("pk").values_list("pk", "link_status", "link_checked_at")),
        LinkCheck.objects.count(),
        list(CensorshipDay.objects.order_by("pk").values_list("checked", "removed", "suspended")),
        AccountSuspension.objects.count(),
    )


def test_the_demo_has_live_removed_and_suspended_posts_with_their_history(loaded):
    out, _ = loaded
    statuses = set(Post.objects.values_list("link_status", flat=True))
    assert {"live", "removed", "account_suspended", "unknown"} <= statuses
    assert AccountSuspension.objects.count() == 2
    posts = Post.objects.all()
    assert all(post.link_next_check_at is None for post in posts)  # never fetched
    for post in posts:
        history = list(post.link_checks.order_by("checked_at"))
        assert history[-1].status == post.link_status
        assert history[-1].checked_at == post.link_checked_at
        assert history[0].previous_status == "unchecked"
        assert history[0].checked_at == post.posted_at == post.created_at
        # On the watch's schedule: a day, a week, 30 days after, then every 30 days.
        offsets = [(check.checked_at - post.posted_at).days for check in history]
        assert (
            offsets == [0, 1, 7, 30, 60, 90, 120, 150, 180, 210, 240, 270, 300, 330][: len(offsets)]
        )
    assert "Censorship watch demo: 4 of 4 volunteers, 16 of 16 posts" in out


def test_the_daily_counters_agree_with_the_posts(loaded):
    sums = CensorshipDay.objects.aggregate(
        checked=Sum("checked"), removed=Sum("removed"), suspended=Sum("suspended")
    )
    # Each demo post was seen online before it was found gone: one count each.
    gone = {
        counter: Post.objects.filter(link_status=status, link_live_at__isnull=False).count()
        for status, counter in [("removed", "removed"), ("account_suspended", "suspended")]
    }
    assert Post.objects.filter(link_gone_at__isnull=False, link_live_at__isnull=True).count() == 0
    assert sums == {"checked": Post.objects.count(), **gone}
    assert gone["removed"] >= 5 and gone["suspended"] == 2


def test_loading_again_changes_nothing(loaded):
    _, csv = loaded
    before = _state()
    out = io.StringIO()
    call_command("load_demo", "--csv", str(csv), stdout=out)
    assert _state() == before
    assert "0 of 4 volunteers, 0 of 16 posts (0 checks) and 0 of 2 suspended" in out.getvalue()


def test_the_public_record_shows_the_demo(client, loaded):
    response = client.get("/censorship/")
    totals = response.context["totals"]
    assert (totals.checked, totals.accounts) == (16, 2)
    assert len(response.context["months"]) >= 6
    assert "demo_" not in response.content.decode()


def test_a_demo_post_gone_at_a_check_it_never_reached_is_refused():
    fields = {"status": "removed", "live_checks": 3, "link": "https://x.com/a/status/1"}
    assert statuses(fields, 4) == ["live", "live", "live", "removed"]
    with pytest.raises(CommandError, match="not due a check 4"):
        statuses(fields, 3)
