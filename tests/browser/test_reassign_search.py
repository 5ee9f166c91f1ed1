"""An organizer, signed in with a second factor, finds a volunteer by pseudonym on the
reassign page and makes them the defender, in English and then in Chinese (issue 15).
Only volunteers who may defend are offered, named by number and pseudonym, never by
address; both defenders' emails are written."""

import re

import pytest
from playwright.sync_api import expect

from campaigns.models import Adoption, OutgoingEmail
from prisoners.models import Status
from tests.conftest import defend

from .organizer_sign_in import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "Thank you for a year of posts; you asked for a rest."


@pytest.fixture
def cases(transactional_db, make_user, make_prisoner):
    wu_gan = make_prisoner(native_name="吴淦", status=Status.SENTENCED)
    chen_guang = make_prisoner(native_name="陈光", status=Status.DETAINED)
    lotus = make_user(display_name="Lotus", email="lotus@example.org")
    defend(lotus, wu_gan)
    return {
        "wu_gan": wu_gan,
        "chen_guang": chen_guang,
        "lotus": lotus,
        "pine": make_user(display_name="Pine Needle", email="pine@example.org"),
        "unconfirmed": make_user(display_name="Pine Cone", verified=False),
        "bamboo": make_user(display_name="竹子", email="bamboo@example.org", language="zh-hans"),
    }


def _search(page, label: str, words: str):
    page.get_by_label(label, exact=True).fill(words)
    page.locator("form[role=search] button[type=submit]").click()


def test_an_organizer_finds_a_volunteer_by_pseudonym_and_assigns_them_in_two_languages(
    live_server, page, screenshot, organizer, cases
):
    base = live_server.url
    pine, bamboo = cases["pine"], cases["bamboo"]
    sign_in(page, base, organizer)

    page.goto(base + f"/organize/prisoners/{cases['wu_gan'].slug}/reassign/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reassign Wu Gan")
    expect(
        page.get_by_role("link", name="Re-enter your password to search by email")
    ).to_be_visible()
    _search(page, "Pseudonym", "PINE")
    expect(page).to_have_url(re.compile(r"\?q=PINE$"))
    choices = page.get_by_role("radio")
    expect(choices).to_have_count(1)  # Pine Cone never confirmed their address
    expect(page.get_by_text("1 volunteer found")).to_be_visible()
    page.get_by_label(f"Volunteer #{pine.pk} · Pine Needle").check()
    page.get_by_label("Why, in words for the current defender").fill(REASON)
    assert "pine@example.org" not in page.content()
    screenshot(page, "reassign-search")
    page.get_by_role("button", name="Reassign").click()
    expect(page).to_have_url(base + "/organize/")
    expect(page.get_by_text("Pine Needle now defends Wu Gan.")).to_be_visible()
    assert Adoption.objects.active().defenders().get(prisoner=cases["wu_gan"]).volunteer == pine
    replaced = OutgoingEmail.objects.get(kind="replaced")
    assert (replaced.volunteer, replaced.reason) == (cases["lotus"], REASON)

    page.get_by_role("button", name="简体中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    page.goto(base + f"/organize/prisoners/{cases['chen_guang'].slug}/reassign/")
    expect(page.get_by_role("heading", level=1)).to_have_text("为陈光指定守护者")
    _search(page, "化名", "竹")
    page.get_by_label(f"志愿者 #{bamboo.pk} · 竹子").check()
    screenshot(page, "reassign-search-zh-hans")
    page.get_by_role("button", name="指定守护者").click()
    expect(page).to_have_url(base + "/organize/")
    expect(page.get_by_text("竹子现在是陈光的守护者。")).to_be_visible()
    assert (
        Adoption.objects.active().defenders().get(prisoner=cases["chen_guang"]).volunteer == bamboo
    )
    assigned = OutgoingEmail.objects.filter(kind="assigned").values_list("volunteer", flat=True)
    assert sorted(assigned) == sorted([pine.pk, bamboo.pk])
