"""The dashboard's censorship watch: removals and posts on suspended accounts by platform
and week from the daily counters, the latest removals and reports, in words when empty."""

import datetime
import re

import pytest
import time_machine

from campaigns.models import LinkCheck
from campaigns.organize import censorship

from .censorship_rows import bump, gone_post, report

UTC = datetime.UTC
# Wednesday 25 November 2026: this ISO week began Monday 23 November.
NOW = datetime.datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def cells(html: str, row_label: str) -> list[str]:
    """The cells of the table row headed `row_label`, as text."""
    table = html[html.index('id="censorship-table-caption"') :].split("</table>")[0]
    row = re.search(rf'<th scope="row"[^>]*>{re.escape(row_label)}</th>(.*?)</tr>', table)
    return re.findall(r"<td[^>]*>([^<]*)</td>", row.group(1))


def test_weeks_and_platforms_are_summed_from_the_daily_counters(make_prisoner):
    first, second = make_prisoner(), make_prisoner()
    bump(datetime.date(2026, 11, 23), "x", first, removed=2)  # Monday of this week
    bump(datetime.date(2026, 11, 25), "x", second, removed=1, suspended=4)
    bump(datetime.date(2026, 11, 22), "mastodon", first, removed=3)  # Sunday: last week
    bump(datetime.date(2026, 9, 7), "weibo", first, removed=5)  # the oldest of 12 weeks
    bump(datetime.date(2026, 9, 6), "youtube", first, removed=7)  # 13 weeks ago: not shown
    bump(datetime.date(2026, 11, 24), "bluesky", first)  # checked only: no column

    table = censorship.by_platform_and_week(TODAY)

    # In the platforms' own order, only those that lost a post in the 12 weeks.
    assert table.platforms == ["X (Twitter)", "Mastodon", "Weibo"]
    assert [row.label for row in table.rows][0::11] == ["9/7", "11/23"]
    this_week, last_week, oldest = table.rows[-1], table.rows[-2], table.rows[0]
    assert [(c.removed, c.suspended) for c in this_week.cells] == [(3, 4), (0, 0), (0, 0)]
    assert (this_week.total.removed, this_week.total.suspended) == (3, 4)
    assert [(c.removed, c.suspended) for c in last_week.cells] == [(0, 0), (3, 0), (0, 0)]
    assert oldest.cells[2].removed == 5
    assert [(c.removed, c.suspended) for c in table.totals.cells] == [(3, 4), (3, 0), (5, 0)]
    assert (table.totals.total.removed, table.totals.total.suspended) == (11, 4)


def test_the_page_shows_a_chart_and_a_table_with_headers_and_a_caption(org, prisoner):
    bump(datetime.date(2026, 11, 24), "x", prisoner, removed=2, suspended=1)
    bump(datetime.date(2026, 11, 17), "weibo", prisoner, removed=6)

    html = org.get("/organize/").content.decode()

    section = html[html.index('id="censorship-heading"') :].split("</section>")[0]
    assert section.count("<svg") == 1 and 'aria-label="Posts gone per week"' in section
    assert "<caption" in section and 'scope="colgroup"' in section
    # Week | X removed, suspended | Weibo removed, suspended | total removed, suspended
    assert cells(section, "11/23") == ["2", "1", "0", "0", "2", "1"]
    assert cells(section, "11/16") == ["0", "0", "6", "0", "6", "0"]
    assert cells(section, "Total") == ["2", "1", "6", "0", "8", "1"]


def test_the_latest_removals_name_the_volunteer_the_link_and_when_it_went(org, volunteer, prisoner):
    post = gone_post(
        volunteer,
        prisoner,
        live_at=datetime.datetime(2026, 11, 3, 9, tzinfo=UTC),
        gone_at=datetime.datetime(2026, 11, 9, 9, tzinfo=UTC),
    )
    never_seen = gone_post(None, prisoner, gone_at=datetime.datetime(2026, 11, 20, 9, tzinfo=UTC))
    older = [
        gone_post(volunteer, prisoner, gone_at=datetime.datetime(2026, 10, d, tzinfo=UTC))
        for d in range(1, 6)
    ]
    gone_post(volunteer, prisoner, gone_at=NOW, status="account_suspended")

    html = org.get("/organize/").content.decode()

    latest = html[html.index('id="removals-heading"') :].split("</ul>")[0]
    # Five, the latest found first; the suspended account's post is not a removal.
    assert latest.count("<li") == 5
    assert latest.index(never_seen.link) < latest.index(post.link) < latest.index(older[-1].link)
    assert older[0].link not in latest
    assert "Gone between Nov. 3, 2026 (last seen online) and Nov. 9, 2026" in latest
    assert "Gone between Nov. 18, 2026 (posted; never seen online) and Nov. 20, 2026" in latest
    who = f'?volunteer={volunteer.pk}&amp;prisoner={prisoner.slug}" class="d-inline-block py-1">'
    assert who + "Lotus</a>" in latest
    assert "(deleted account)" in latest
    assert volunteer.email not in html
    assert 'href="/organize/removals/">All 7 removed posts</a>' in html
    assert 'href="/organize/suspended/posts/">1 post found on a suspended account</a>' in html


def test_reports_of_suspended_accounts_are_listed(org, volunteer, other_volunteer, prisoner):
    report(volunteer, prisoner, platform="weibo", at=NOW - datetime.timedelta(days=2))
    report(other_volunteer, None, platform="x", at=NOW)

    html = org.get("/organize/").content.decode()

    listed = html[html.index('id="suspended-heading"') :].split("</ul>")[0]
    assert listed.index("Bamboo") < listed.index("Lotus")  # the newest first
    assert f"defending {prisoner.primary_name()}" in listed and listed.count("defending") == 1
    assert "Weibo" in listed and "Nov. 23, 2026" in listed
    assert 'href="/organize/suspended/">All 2 reports of suspended accounts</a>' in html


def test_nothing_yet_is_said_in_words(org):
    html = org.get("/organize/").content.decode()
    section = html[html.index('id="censorship-heading"') :].split("</section>")[0]
    assert "<table" not in section and "<svg" not in section
    assert "No logged post was found removed or on a suspended account in the last 12 weeks." in (
        section
    )
    assert "No post has been found removed." in section
    assert "No volunteer has reported a suspended account." in section
    assert "No post has been found on a suspended account." in section


def test_a_removal_leads_staff_to_the_history_of_its_checks(org, volunteer, prisoner):
    post = gone_post(volunteer, prisoner, gone_at=NOW - datetime.timedelta(days=1))
    other = gone_post(volunteer, prisoner, gone_at=NOW - datetime.timedelta(days=2))
    for checked, status, before in [(3, "live", "unchecked"), (1, "removed", "live")]:
        LinkCheck.objects.create(
            post=post,
            checked_at=NOW - datetime.timedelta(days=checked),
            status=status,
            previous_status=before,
            detail=f"oEmbed {status}",
        )
    LinkCheck.objects.create(
        post=other, checked_at=NOW, status="removed", previous_status="live", detail="other's"
    )
    html = org.get("/organize/removals/").content.decode()
    history = f"/admin/campaigns/linkcheck/?post__id__exact={post.pk}"
    assert f'href="{history}">check history</a>' in html

    admin = org.get(history).content.decode()

    assert "oEmbed live" in admin and "oEmbed removed" in admin and "other&#x27;s" not in admin
