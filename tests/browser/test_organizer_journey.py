"""An organizer signs in with a TOTP code, reads the dashboard, reassigns, adds an event."""

import datetime
import re

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from campaigns import figures, services
from campaigns.models import Adoption, AuditEntry, OutgoingEmail
from campaigns.services import end_adoptions
from prisoners.models import CaseEvent, Priority, Prisoner, Status
from tests.browser.organizer_sign_in import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WEEK = datetime.timedelta(weeks=1)
# Lotus's posts per week, this week first: the "Posts per week" chart has bars.
LOTUS_POSTS = [3, 2, 4, 1, 3, 2, 5, 2, 1, 2]
EVENT_TEXT = "The Intermediate Court held a closed hearing; the family was kept outside."


@pytest.fixture
def campaign(transactional_db, make_user, make_prisoner):
    """Five published prisoners, four held: two defended (one by a quiet defender), one
    urgent and one lapsed without a defender; posts, claims and a lapse over 12 weeks.

    Built week by week in the past through the services, so that the rollups
    (CampaignWeek) are the ones the running site would have kept.
    """
    now = timezone.now()
    found = {}

    def at(weeks_ago: int, hours: int = 0):
        return time_machine.travel(now - weeks_ago * WEEK - datetime.timedelta(hours=hours))

    with at(11, hours=1):
        found["urgent"] = make_prisoner(
            native_name="陈光",
            status=Status.DETAINED,
            detained_on=datetime.date(2025, 3, 2),
            region="广东",
            priority=Priority.URGENT,
        )
        found["quiet_case"] = make_prisoner(
            native_name="林雪梅", status=Status.SENTENCED, detained_on=datetime.date(2023, 6, 4)
        )
        found["busy_case"] = make_prisoner(
            native_name="周海", status=Status.SENTENCED, detained_on=datetime.date(2021, 9, 17)
        )
        found["lapsed_case"] = make_prisoner(
            native_name="赵晨", status=Status.DETAINED, detained_on=datetime.date(2024, 12, 1)
        )
        make_prisoner(native_name="孙立", status=Status.RELEASED)
        make_prisoner(native_name="钱多", is_published=False)
        lotus = make_user(display_name="Lotus", email="lotus@example.org")
        bamboo = make_user(display_name="Bamboo", email="bamboo@example.org")
        willow = make_user(display_name="Willow", email="willow@example.org")
        pine = make_user(display_name="Pine", email="pine@example.org")
    for weeks_ago in range(11, -1, -1):
        with at(weeks_ago):
            if weeks_ago == 10:
                services.claim_prisoner(volunteer=lotus, prisoner=found["busy_case"])
            if weeks_ago == 9:
                services.claim_prisoner(volunteer=willow, prisoner=found["lapsed_case"])
            if weeks_ago == 8:
                services.claim_prisoner(volunteer=bamboo, prisoner=found["quiet_case"])
                services.support_prisoner(volunteer=pine, prisoner=found["busy_case"])
            if weeks_ago == 6:
                end_adoptions(
                    Adoption.objects.filter(volunteer=willow), reason=Adoption.EndReason.LAPSED
                )
            if weeks_ago in (7, 5):  # Bamboo's last post is five weeks old: quiet
                services.log_post(
                    volunteer=bamboo,
                    prisoner=found["quiet_case"],
                    fields={"platform": "weibo", "link": f"https://weibo.com/b/{weeks_ago}"},
                )
            if weeks_ago < len(LOTUS_POSTS):
                for n in range(LOTUS_POSTS[weeks_ago]):
                    services.log_post(
                        volunteer=lotus,
                        prisoner=found["busy_case"],
                        fields={
                            "platform": "mastodon",
                            "link": f"https://mastodon.social/@lotus/{weeks_ago}{n}",
                            "posted_at": timezone.now() - datetime.timedelta(seconds=n),
                        },
                    )
            figures.snapshot()
    period = f"{now.isocalendar().year}-W{now.isocalendar().week:02d}"
    OutgoingEmail.objects.create(volunteer=lotus, period=period, kind="reminder", status="sent")
    OutgoingEmail.objects.create(
        volunteer=bamboo,
        period=period,
        kind="nudge",
        status="failed",
        last_error="550 5.1.1 <bamboo@example.org>: Recipient address rejected",
    )
    return {**found, "lotus": lotus, "bamboo": bamboo, "pine": pine}


def test_an_organizer_signs_in_reads_the_dashboard_reassigns_and_adds_an_event(
    live_server, browser, page, screenshot, organizer, campaign
):
    base = live_server.url
    urgent = campaign["urgent"]
    sign_in(page, base, organizer)

    expect(page.get_by_role("heading", level=1)).to_have_text("How the campaign stands")
    figures = page.locator("[aria-labelledby=figures-heading]")
    expect(figures).to_contain_text("5published prisoners")
    expect(figures).to_contain_text("50%with a defender (2 of 4 held)")
    expect(figures).to_contain_text("1supporter")
    expect(figures).to_contain_text("1volunteer who posted in the last 30 days")
    expect(figures).to_contain_text(f"{LOTUS_POSTS[0]}posts this week ({LOTUS_POSTS[1]} last week)")
    expect(figures).to_contain_text("1reminder failed this week")
    expect(page.locator("main svg")).to_have_count(3)
    uncovered = page.locator("[aria-labelledby=uncovered-heading] li")
    expect(uncovered).to_have_count(2)
    expect(uncovered.first).to_contain_text("Chen Guang")
    expect(uncovered.first.locator(".badge")).to_have_text("Priority: Urgent")
    expect(uncovered.nth(1)).to_contain_text("Zhao Chen")
    quiet = page.locator("[aria-labelledby=quiet-heading] > ul > li")
    expect(quiet).to_have_count(1)
    expect(quiet).to_contain_text("Bamboo")
    expect(quiet).to_contain_text("Lin Xuemei")
    expect(page.locator("[aria-labelledby=failed-heading]")).to_contain_text("Recipient address")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "organizer-dashboard")

    phone = browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        locale="en-US",
        storage_state=page.context.storage_state(),
    )
    phone_page = phone.new_page()
    phone_page.goto(base + "/organize/")
    expect(phone_page.locator("[aria-labelledby=uncovered-heading] li").first).to_contain_text(
        "Chen Guang"
    )
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(phone_page, "organizer-dashboard-phone")
    phone.close()

    uncovered.first.get_by_role("link", name="Assign").click()
    expect(page).to_have_url(
        re.compile(rf"/organize/prisoners/{urgent.slug}/reassign/\?next=/organize/$")
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Reassign Chen Guang")
    page.get_by_label("Pseudonym", exact=True).fill("pine")
    page.locator("form[role=search] button[type=submit]").click()
    page.get_by_label(f"Volunteer #{campaign['pine'].pk} · Pine").check()
    page.get_by_role("button", name="Reassign").click()
    expect(page).to_have_url(base + "/organize/")
    expect(page.get_by_text("Pine now defends Chen Guang.")).to_be_visible()
    expect(page.locator("[aria-labelledby=uncovered-heading] li")).to_have_count(1)
    expect(page.locator("[aria-labelledby=figures-heading]")).to_contain_text("75%")

    defender = Adoption.objects.active().defenders().get(prisoner=urgent)
    assert defender.volunteer == campaign["pine"]
    entry = AuditEntry.objects.get(action=AuditEntry.Action.REASSIGN)
    assert entry.actor == organizer
    assert entry.after["defender"]["id"] == defender.pk
    assert entry.before["defender"] is None
    # Pine still supports the other prisoner: only a support of this one would end.
    assert Adoption.objects.active().filter(volunteer=campaign["pine"]).count() == 2

    page.goto(base + f"/organize/prisoners/{urgent.slug}/event/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Chen Guang")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    page.get_by_label("Date").fill(yesterday.isoformat())
    page.get_by_label("Kind").select_option("trial")
    page.get_by_label("What happened, in English").fill(EVENT_TEXT)
    page.get_by_role("button", name="Add the event").click()
    expect(page).to_have_url(base + "/organize/")
    expect(page.get_by_text("The event is added to the timeline of Chen Guang.")).to_be_visible()
    event = CaseEvent.objects.get(prisoner=urgent, text=EVENT_TEXT)
    assert (event.kind, event.date, event.is_published) == ("trial", yesterday, True)
    assert AuditEntry.objects.filter(action=AuditEntry.Action.ADD_EVENT).count() == 1

    page.goto(base + urgent.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Chen Guang")
    expect(page.locator(".timeline")).to_contain_text(EVENT_TEXT)
    screenshot(page, "organizer-event")

    page.goto(base + "/organize/")
    page.get_by_role("button", name="简体中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page).to_have_url(base + "/organize/")
    expect(page).to_have_title(re.compile("一人守护一名政治犯"))
    expect(page.locator("[aria-labelledby=uncovered-heading] li")).to_contain_text("赵晨")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "organizer-dashboard-zh-hans")
    assert Prisoner.objects.get(pk=urgent.pk).is_held

    # The audit log, in Chinese now: the organizer's sign-in, the reassignment and the
    # event, newest first, the organizer named by pseudonym.
    page.get_by_role("link", name="审计日志").click()
    expect(page).to_have_url(base + "/organize/audit/")
    actions = page.locator("table.audit-log > tbody > tr > td:nth-child(3)")
    expect(actions.first).to_have_text("添加案件动态")
    log = page.locator("table > tbody").first
    expect(log).to_contain_text("为政治犯指定守护者")
    expect(log).to_contain_text("已登录")
    assert organizer.email not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "organizer-audit-zh-hans")
