"""/me/'s kept parts (campaigns.me_page) never outlive what they show (issue 17).

The parts about the defended prisoner and the log form are drawn once and kept; each
change that shows on the page must show on the very next visit: a post, a claim, a hand
back, a support, an edit of the prisoner or of their news, a release, a setting, a
language, a time zone, a new day. And nothing of one volunteer reaches another.
"""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from campaigns import me_page, services, weeks
from campaigns.models import Adoption, Post, VolunteerSettings
from prisoners.models import CaseEvent, Status

from ..conftest import defend


def page(client, **headers) -> str:
    response = client.get("/me/", **headers)
    assert response.status_code == 200
    return response.content.decode()


def kept_twice(client) -> str:
    """The page once drawn and kept, then read from what was kept."""
    first = page(client)
    again = page(client)
    assert _plain(first) == _plain(again)
    return again


def _plain(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'name="submission" value="[^"]+"', "", html)


def log_form(html: str) -> str:
    start = html.index('id="log-heading"')
    return html[start : html.index("</form>", start)]


def test_a_new_post_shows_at_once(volunteer_client, volunteer, prisoner):
    defend(volunteer, prisoner)
    before = kept_twice(volunteer_client)
    assert "Not yet: one post this week" in before
    response = volunteer_client.post(
        "/me/posts/", {"prisoner": prisoner.pk, "link": "https://x.com/lotus/status/77"}
    )
    assert response.status_code == 302
    after = page(volunteer_client)
    assert "https://x.com/lotus/status/77" in after
    assert "You have posted this week. Thank you!" in after
    assert '<span class="fw-bold fs-4 streak">1</span>' in after


def test_news_shows_at_once_and_an_edit_or_a_draft_too(volunteer_client, volunteer, prisoner):
    defend(volunteer, prisoner)
    assert "No case events recorded yet" in kept_twice(volunteer_client)
    event = CaseEvent.objects.create(
        prisoner=prisoner, date=datetime.date(2026, 1, 2), text="A visit at last."
    )
    assert "A visit at last." in page(volunteer_client)
    event.text = "A letter came."
    event.save()
    shown = page(volunteer_client)
    assert "A letter came." in shown and "A visit at last." not in shown
    # Even written around the models' save (the admin's bulk actions, the importer).
    CaseEvent.objects.filter(pk=event.pk).update(is_published=False)
    shown = page(volunteer_client)
    assert "A letter came." not in shown and "No case events recorded yet" in shown


def test_an_edit_and_a_release_show_at_once(volunteer_client, volunteer, prisoner):
    defend(volunteer, prisoner)
    before = kept_twice(volunteer_client)
    assert "days in detention" in before and "status-sentenced" in before
    prisoner.name = "Wu Gan the Butcher"
    prisoner.native_name = ""
    prisoner.status = Status.RELEASED
    prisoner.released_on = datetime.date(2025, 3, 1)
    prisoner.save()
    after = page(volunteer_client)
    assert "days in detention" not in after and "status-released" in after
    assert after.count("Wu Gan the Butcher") >= 3  # the heading, the texts, the hand back


def test_a_claim_and_a_hand_back_show_at_once(volunteer_client, volunteer, prisoner):
    assert "Start here" in kept_twice(volunteer_client)
    adoption = defend(volunteer, prisoner)
    shown = page(volunteer_client)
    assert 'id="defended-heading"' in shown and "Start here" not in shown
    assert f'name="prisoner" value="{prisoner.pk}"' in shown
    response = volunteer_client.post("/me/hand-back/", {"reason": ""})
    assert response.status_code == 302
    adoption.refresh_from_db()
    assert adoption.ended_at is not None
    shown = page(volunteer_client)
    assert "Start here" in shown and 'id="defended-heading"' not in shown


def test_a_case_supported_is_offered_in_the_form_at_once(
    volunteer_client, volunteer, prisoner, make_prisoner
):
    defend(volunteer, prisoner)
    assert '<select name="prisoner"' not in kept_twice(volunteer_client)
    other = make_prisoner(name="Chen Sun")
    Adoption.objects.create(volunteer=volunteer, prisoner=other, role="supporter")
    shown = page(volunteer_client)
    form = log_form(shown)
    assert '<select name="prisoner"' in form
    assert f'<option value="{other.pk}">Chen Sun</option>' in form


def test_my_mastodon_server_shows_at_once(volunteer_client, volunteer, prisoner):
    defend(volunteer, prisoner)
    assert "Set your Mastodon server" in kept_twice(volunteer_client)
    VolunteerSettings.objects.create(volunteer=volunteer, mastodon_instance="mastodon.social")
    shown = page(volunteer_client)
    assert "https://mastodon.social/share?text=" in shown
    assert "Set your Mastodon server" not in shown


def test_another_language_shows_at_once(volunteer_client, volunteer, prisoner):
    defend(volunteer, prisoner)
    kept_twice(volunteer_client)
    volunteer_client.cookies["django_language"] = "zh-hans"
    shown = page(volunteer_client)
    with translation.override("zh-hans"):
        for said in ("Latest news", "Post on X", "Log this post", "Post about them this week"):
            assert gettext(said) != said
            assert gettext(said) in shown, said
    assert "Latest news" not in shown and "吴淦" in shown


def test_the_day_and_the_time_zone_show_at_once(volunteer_client, volunteer, prisoner):
    defend(volunteer, prisoner)
    start = datetime.datetime(2026, 11, 26, 12, 0, tzinfo=datetime.UTC)

    def days(moment, zone="UTC") -> str:
        today = moment.astimezone(zoneinfo.ZoneInfo(zone)).date()
        return f">{prisoner.days_detained(today):,}</p>"

    with time_machine.travel(start, tick=False) as clock:
        shown = kept_twice(volunteer_client)
        assert days(start) in shown
        assert 'value="2026-11-26"' in shown  # the form's day
        clock.shift(datetime.timedelta(days=1))
        shown = page(volunteer_client)
        assert days(start + datetime.timedelta(days=1)) in shown
        assert 'value="2026-11-27"' in shown
        # Auckland is already on the next day.
        volunteer.timezone = "Pacific/Auckland"
        volunteer.save()
        shown = page(volunteer_client)
        later = start + datetime.timedelta(days=1)
        assert days(later, "Pacific/Auckland") in shown and days(later) not in shown
        assert 'value="2026-11-28"' in shown


def test_nothing_of_one_volunteer_reaches_another(
    volunteer_client, volunteer, other_volunteer, prisoner, make_prisoner
):
    mine = defend(volunteer, prisoner)
    supported = make_prisoner(name="Chen Sun")
    Adoption.objects.create(volunteer=volunteer, prisoner=supported, role="supporter")
    VolunteerSettings.objects.create(volunteer=volunteer, mastodon_instance="lotus.example")
    Post.objects.create(
        volunteer=volunteer, prisoner=prisoner, platform="x", link="https://x.com/lotus/status/5"
    )
    mine_shown = kept_twice(volunteer_client)
    assert "lotus.example" in mine_shown and "Chen Sun" in mine_shown
    services.hand_back(adoption=mine, note="")
    defend(other_volunteer, prisoner)
    theirs = Client()
    theirs.force_login(other_volunteer)
    shown = page(theirs)
    assert "Hello, Bamboo" in shown and 'id="defended-heading"' in shown
    for private in ("lotus.example", "Chen Sun", "x.com/lotus", "Lotus"):
        assert private not in shown
    assert f'name="prisoner" value="{prisoner.pk}"' in shown


def test_each_visit_has_its_own_working_token_and_submission_key(volunteer, prisoner):
    defend(volunteer, prisoner)
    client = Client(enforce_csrf_checks=True)
    client.force_login(volunteer)
    first, second = kept_twice(client), page(client)

    def submission(html):
        return re.search(r'name="submission" value="([^"]+)"', html).group(1)

    assert submission(first) != submission(second)
    form = log_form(second)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    assert me_page.CSRF_MARK not in second and str(me_page.SUBMISSION_MARK) not in second
    response = client.post(
        "/me/posts/",
        {
            "csrfmiddlewaretoken": token,
            "prisoner": prisoner.pk,
            "link": "https://x.com/lotus/status/9",
            "submission": submission(second),
        },
    )
    assert response.status_code == 302
    assert Post.objects.filter(volunteer=volunteer, link__endswith="/status/9").exists()


@pytest.mark.parametrize(
    "zone",
    ["UTC", "Pacific/Auckland", "America/Los_Angeles", "Asia/Shanghai", "Etc/GMT+10"],
)
def test_the_weeks_read_with_the_volunteer_are_week_statuss_weeks(volunteer, prisoner, zone):
    volunteer.timezone = zone
    volunteer.save()
    now = datetime.datetime(2026, 11, 30, 11, 30, tzinfo=datetime.UTC)  # a Monday in UTC
    hours = [1, 10, 12, 30, 24 * 7 + 11, 24 * 14 - 2, 24 * 21 + 13, 24 * 40]
    Post.objects.bulk_create(
        Post(
            volunteer=volunteer,
            prisoner=prisoner,
            platform="x",
            link=f"https://x.com/lotus/status/{h}",
            posted_at=now - datetime.timedelta(hours=h),
        )
        for h in hours
    )
    with time_machine.travel(now, tick=False):
        local = weeks.volunteer_now(volunteer)
        (reader,) = me_page.READER.run(
            volunteer.pk, now, me_page._zone(local.tzinfo), weeks.streak_since(local)
        )
        expected = weeks.week_status(volunteer)
    assert weeks.status_from(reader.mondays, local) == expected
    assert expected.streak >= 2


def test_the_compiled_reads_make_what_the_orm_makes(volunteer, prisoner, make_prisoner):
    defend(volunteer, prisoner)
    Adoption.objects.create(volunteer=volunteer, prisoner=make_prisoner(), role="supporter")
    CaseEvent.objects.create(prisoner=prisoner, date=datetime.date(2026, 1, 2), text="News.")
    compiled = me_page.ADOPTIONS.run(volunteer.pk)
    orm = list(me_page._adoptions(volunteer.pk))
    assert [a.pk for a in compiled] == [a.pk for a in orm]
    for made, expected in zip(compiled, orm, strict=True):
        for obj, other in ((made, expected), (made.prisoner, expected.prisoner)):
            assert type(obj) is type(other) and not obj._state.adding
            for field in obj._meta.concrete_fields:
                assert getattr(obj, field.attname) == getattr(other, field.attname), field
        assert made.content_version == expected.content_version
        assert made.prisoner.primary_name() == expected.prisoner.primary_name()
    assert compiled[0].content_version and compiled[1].content_version is None
    assert me_page.ADOPTIONS.run(volunteer.pk + 1000) == []
