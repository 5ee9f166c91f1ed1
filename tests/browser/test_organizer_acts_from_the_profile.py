"""An organizer acts on a prisoner from the prisoner's own page (issue 15): add an event,
assign, reassign, end, released, died and edit, each from the "Organizer" panel and
each back on the profile afterwards; in English and in Chinese. A visitor sees no panel."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from campaigns.models import Adoption
from prisoners.models import CaseEvent, Prisoner, Status
from tests.browser.organizer_controls import CONTROLS, choose_volunteer, name_in, submit
from tests.browser.organizer_sign_in import read_in, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_action_starts_on_the_profile_and_comes_back_to_it(
    live_server, browser, page, screenshot, organizer, make_user, make_prisoner, language
):
    base = live_server.url
    held = make_prisoner(native_name="陈光", status=Status.DETAINED)
    dying = make_prisoner(native_name="林雪梅", status=Status.SENTENCED)
    make_user(display_name="Pine", email="pine@example.org")
    words = CONTROLS[language]
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    profile = base + held.get_absolute_url()

    visitor = browser.new_context()
    visitor_page = visitor.new_page()
    visitor_page.goto(profile)
    expect(visitor_page.locator(".prisoner-controls")).to_have_count(0)
    visitor.close()

    sign_in(page, base, organizer)
    read_in(page, language)
    page.goto(profile)
    panel = page.locator("section.organizer-panel")
    expect(panel.get_by_role("heading", level=2)).to_have_text(words["panel"])

    def control(name: str):
        return panel.get_by_role("link", name=words[name], exact=True)

    expect(control("reassign")).to_have_count(0)
    expect(control("end")).to_have_count(0)
    screenshot(page, f"organizer-profile-controls-{language}")

    control("event").click()
    expect(page).to_have_url(re.compile(rf"/organize/prisoners/{held.slug}/event/\?next="))
    page.locator("[name=when]").fill(yesterday)
    page.locator("[name=text]").fill("A closed hearing.")
    submit(page)
    expect(page).to_have_url(profile)
    expect(page.locator(".timeline")).to_contain_text("A closed hearing.")
    assert CaseEvent.objects.filter(prisoner=held, kind="note").count() == 1

    control("assign").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name_in(held, language))
    choose_volunteer(page, "Pine")
    submit(page)
    expect(page).to_have_url(profile)
    assert Adoption.objects.active().defenders().get(prisoner=held).volunteer.email == (
        "pine@example.org"
    )
    expect(control("assign")).to_have_count(0)

    # Reassign: the form is reached from here, and "Cancel" comes back here.
    control("reassign").click()
    expect(page).to_have_url(re.compile(rf"/organize/prisoners/{held.slug}/reassign/\?next="))
    page.get_by_role("link", name=words["cancel"], exact=True).click()
    expect(page).to_have_url(profile)

    control("end").click()
    page.locator("[name=note]").fill("No posts for a month.")
    submit(page)
    expect(page).to_have_url(profile)
    expect(control("assign")).to_be_visible()
    assert not Adoption.objects.active().filter(prisoner=held).exists()

    control("released").click()
    page.locator("[name=when]").fill(yesterday)
    submit(page)
    expect(page).to_have_url(profile)
    expect(control("released")).to_have_count(0)
    expect(control("assign")).to_have_count(0)  # a released prisoner needs no defender
    assert Prisoner.objects.get(pk=held.pk).status == Status.RELEASED

    page.goto(base + dying.get_absolute_url())
    control("died").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name_in(dying, language))
    page.locator("[name=when]").fill(yesterday)
    submit(page)
    expect(page).to_have_url(base + dying.get_absolute_url())
    expect(control("died")).to_have_count(0)
    assert Prisoner.objects.get(pk=dying.pk).status == Status.DIED

    control("edit").click()
    expect(page).to_have_url(base + f"/admin/prisoners/prisoner/{dying.pk}/change/")
    admin_panel = page.locator("section.organizer-panel")
    expect(admin_panel.get_by_role("link", name=words["event"], exact=True)).to_be_visible()
    screenshot(page, f"organizer-admin-controls-{language}")
