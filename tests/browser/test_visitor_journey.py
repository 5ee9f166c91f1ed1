import datetime

import pytest
from playwright.sync_api import expect

from prisoners.models import CaseEvent, Prisoner, Source, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def prisoners_on_the_list(transactional_db):
    liu = Prisoner.objects.create(
        native_name="刘晓波",
        status=Status.DIED,
        death_date=datetime.date(2017, 7, 13),
        place="长春",
        is_published=True,
        summary="Writer and Nobel Peace Prize laureate who died in custody.",
    )
    CaseEvent.objects.create(
        prisoner=liu, date=datetime.date(2017, 7, 13), kind="death", text="Died in custody."
    )
    Source.objects.create(prisoner=liu, url="https://example.org/liu-xiaobo")
    Prisoner.objects.create(native_name="吴淦", status=Status.SENTENCED, is_published=True)
    return liu


def test_a_visitor_finds_a_prisoner_and_reads_about_them_in_chinese(
    live_server, page, screenshot, prisoners_on_the_list
):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("One person defends")
    screenshot(page, "home-en")

    page.get_by_label("Look for a prisoner").fill("liuxiaobo")
    page.get_by_role("button", name="Search").first.click()
    expect(page.get_by_text("1 prisoner found")).to_be_visible()
    screenshot(page, "search-liuxiaobo")

    page.get_by_role("link", name="Liu Xiaobo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Liu Xiaobo")
    expect(page.get_by_text("Died in custody.", exact=True)).to_be_visible()
    expect(page.get_by_text("years since their death")).to_be_visible()

    page.get_by_role("button", name="简体中文").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("刘晓波")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("heading", name="时间线")).to_be_visible()
    screenshot(page, "profile-zh-hans")

    page.get_by_role("button", name="繁體中文").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("劉曉波")
    # Each language is named in its own script, whatever the page's language.
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Liu Xiaobo")


def test_the_list_works_on_a_phone(live_server, browser, screenshot, prisoners_on_the_list):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(live_server.url + "/prisoners/")
    expect(page.get_by_text("2 prisoners found")).to_be_visible()
    # The menu collapses behind a toggler, which opens it (Bootstrap's JS is served locally).
    page.get_by_role("button", name="Menu").click()
    expect(page.get_by_role("button", name="简体中文")).to_be_visible()
    no_sideways_scroll = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert no_sideways_scroll
    screenshot(page, "list-phone")
    context.close()
