"""An organizer acts on a prisoner from the dashboard's rows (issue 15): add an event,
assign, reassign, end, released, died and edit, each from the row where the need shows
and each back on the dashboard afterwards; in English and in Chinese, and the rows still
fit a phone."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from campaigns.models import Adoption
from prisoners.models import CaseEvent, Priority, Prisoner, Status
from tests.browser.organizer_controls import CONTROLS, choose_volunteer, name_in, submit
from tests.browser.organizer_sign_in import read_in, sign_in
from tests.conftest import defend

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_action_starts_on_a_dashboard_row_and_comes_back_to_it(
    live_server, browser, page, screenshot, organizer, make_user, make_prisoner, language
):
    base = live_server.url
    urgent = make_prisoner(native_name="陈光", priority=Priority.URGENT)
    freed = make_prisoner(native_name="周海", status=Status.SENTENCED)
    lost = make_prisoner(native_name="赵晨")
    quiet_case = make_prisoner(native_name="林雪梅", status=Status.SENTENCED)
    make_user(display_name="Pine", email="pine@example.org")
    bamboo = make_user(display_name="Bamboo")
    # Bamboo took the case three weeks ago and has not posted since: a quiet defender.
    Adoption.objects.filter(pk=defend(bamboo, quiet_case).pk).update(
        started_at=timezone.now() - datetime.timedelta(weeks=3)
    )
    words = CONTROLS[language]
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    dashboard = base + "/organize/"

    sign_in(page, base, organizer)
    read_in(page, language)

    def row(section: str, prisoner: Prisoner):
        rows = page.locator(f"[aria-labelledby={section}-heading] > ul > li")
        return rows.filter(has_text=name_in(prisoner, language))

    def control(section: str, prisoner: Prisoner, name: str):
        return row(section, prisoner).get_by_role("link", name=words[name], exact=True)

    phone = browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        storage_state=page.context.storage_state(),
    )
    phone_page = phone.new_page()
    phone_page.goto(dashboard)
    expect(phone_page.locator(".prisoner-controls").first).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(phone_page, f"organizer-dashboard-controls-phone-{language}")
    phone.close()

    control("uncovered", urgent, "event").click()
    expect(page).to_have_url(re.compile(rf"/organize/prisoners/{urgent.slug}/event/\?next="))
    page.locator("[name=when]").fill(yesterday)
    page.locator("[name=text_zh_hans]").fill("开庭审理。")
    submit(page)
    expect(page).to_have_url(dashboard)
    assert CaseEvent.objects.get(prisoner=urgent).text_zh_hans == "开庭审理。"

    control("uncovered", urgent, "assign").click()
    choose_volunteer(page, "Pine")
    submit(page)
    expect(page).to_have_url(dashboard)
    expect(row("uncovered", urgent)).to_have_count(0)
    assert Adoption.objects.active().defenders().filter(prisoner=urgent).exists()

    # Reassign: the form is reached from the quiet defender's row; "Cancel" comes back.
    control("quiet", quiet_case, "reassign").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name_in(quiet_case, language))
    page.get_by_role("link", name=words["cancel"], exact=True).click()
    expect(page).to_have_url(dashboard)

    control("quiet", quiet_case, "end").click()
    page.locator("[name=note]").fill("Quiet for three weeks.")
    submit(page)
    expect(page).to_have_url(dashboard)
    expect(row("quiet", quiet_case)).to_have_count(0)
    expect(control("uncovered", quiet_case, "assign")).to_be_visible()  # needs one again

    control("uncovered", freed, "released").click()
    page.locator("[name=when]").fill(yesterday)
    submit(page)
    expect(page).to_have_url(dashboard)
    expect(row("uncovered", freed)).to_have_count(0)
    assert Prisoner.objects.get(pk=freed.pk).status == Status.RELEASED

    control("uncovered", lost, "died").click()
    page.locator("[name=when]").fill(yesterday)
    submit(page)
    expect(page).to_have_url(dashboard)
    expect(row("uncovered", lost)).to_have_count(0)
    assert Prisoner.objects.get(pk=lost.pk).status == Status.DIED
    screenshot(page, f"organizer-dashboard-controls-{language}")

    control("uncovered", quiet_case, "edit").click()
    expect(page).to_have_url(base + f"/admin/prisoners/prisoner/{quiet_case.pk}/change/")
