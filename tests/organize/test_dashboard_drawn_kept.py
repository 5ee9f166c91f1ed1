"""The dashboard's content is drawn once and kept under everything it shows
(campaigns.organize.kept.drawn, issue 17): a visit with nothing changed draws nothing,
and each change shows on the very next visit, wherever it comes from (a claim, a lapse, a
post, a prisoner edited without a save, a failed or retried email, a volunteer waiting, a
post found removed, the scheduler's tick, the passing of time, the staff bit)."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.test.signals import template_rendered
from django.utils import timezone, translation
from django.utils.timesince import timesince

from advocacy.beat import BEAT
from advocacy.models import Heartbeat
from advocacy.pagecache import generation
from campaigns import services
from campaigns.models import AccountSuspension, Adoption, OutgoingEmail, Post, VolunteerSettings
from campaigns.organize import censorship, kept
from prisoners.models import Prisoner
from tests.conftest import defend

from .conftest import organizer_client

CONTENT = "organize/_dashboard.html"


def _visit(client) -> tuple[str, bool]:
    """The page, and whether its content was drawn (not kept)."""
    drawn = []

    def seen(sender, template, **kwargs):
        drawn.append(template.name)

    template_rendered.connect(seen)
    try:
        response = client.get("/organize/")
    finally:
        template_rendered.disconnect(seen)
    assert response.status_code == 200
    return response.content.decode(), CONTENT in drawn


def _content(page: str) -> str:
    """The page's own content (the header's CSRF token is masked anew each time)."""
    return page.split('<main id="main"')[1].split("</main>")[0]


def _section(page: str, heading: str) -> str:
    return page.split(f'id="{heading}"')[1].split("</section>")[0]


def test_a_visit_with_nothing_changed_draws_nothing_and_shows_the_same(org, make_prisoner):
    make_prisoner(name="Kept Prisoner")
    first, drawn = _visit(org)
    assert drawn
    again, drawn = _visit(org)
    assert not drawn and _content(again) == _content(first)
    assert "Kept Prisoner" in _section(again, "uncovered-heading")


def test_a_claim_and_a_lapse_show_at_once(
    org, make_prisoner, volunteer, django_capture_on_commit_callbacks
):
    prisoner = make_prisoner(name="Claimed Soon")
    _visit(org)
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_prisoner(volunteer=volunteer, prisoner=prisoner)
    page, drawn = _visit(org)
    assert drawn and "Claimed Soon" not in _section(page, "uncovered-heading")
    with django_capture_on_commit_callbacks(execute=True):
        services.end_adoptions(
            Adoption.objects.filter(prisoner=prisoner), reason=Adoption.EndReason.LAPSED
        )
    page, drawn = _visit(org)
    assert drawn and "Claimed Soon" in _section(page, "uncovered-heading")


def test_a_post_shows_at_once(org, make_prisoner, volunteer):
    prisoner = make_prisoner(name="Posted About")
    _visit(org)
    Post.objects.create(
        volunteer=volunteer, prisoner=prisoner, platform="x", link="https://x.com/a/status/7"
    )
    page, drawn = _visit(org)
    assert drawn and "https://x.com/a/status/7" in _section(page, "posts-heading")


def test_a_prisoner_edited_without_a_save_shows_at_once(org, make_prisoner):
    prisoner = make_prisoner(name="Old Name")
    _visit(org)
    Prisoner.objects.filter(pk=prisoner.pk).update(name="New Name")
    page, _ = _visit(org)
    assert "New Name" in page and "Old Name" not in page


def test_a_failed_email_retried_leaves_at_once(org, volunteer):
    email = OutgoingEmail.objects.create(
        volunteer=volunteer,
        kind=OutgoingEmail.Kind.REMINDER,
        status=OutgoingEmail.Status.FAILED,
        period="2026-W01",
    )
    page, _ = _visit(org)
    assert "Lotus" in _section(page, "failed-heading")
    OutgoingEmail.objects.filter(pk=email.pk).update(status=OutgoingEmail.Status.QUEUED)
    page, drawn = _visit(org)
    assert drawn and "Lotus" not in _section(page, "failed-heading")


def test_a_volunteer_waiting_shows_at_once(org, make_user, settings):
    settings.VOLUNTEERS_NEED_APPROVAL = True
    page, _ = _visit(org)
    assert "Just Joined" not in page
    make_user(display_name="Just Joined")
    page, _ = _visit(org)
    assert "Just Joined" in _section(page, "vetting-heading")


def test_a_post_found_removed_shows_at_once(org, make_prisoner, volunteer):
    post = Post.objects.create(
        volunteer=volunteer,
        prisoner=make_prisoner(name="Censored About"),
        platform="x",
        link="https://x.com/a/status/9",
    )
    page, _ = _visit(org)
    assert "Censored About" not in _section(page, "censorship-heading")
    Post.objects.filter(pk=post.pk).update(
        link_status=Post.LinkStatus.REMOVED, link_gone_at=timezone.now()
    )
    page, drawn = _visit(org)
    assert drawn and "Censored About" in _section(page, "censorship-heading")


def test_the_schedulers_tick_and_the_passing_of_time_show(org):
    start = timezone.now().replace(microsecond=0)
    Heartbeat.objects.create(name=BEAT, at=start - datetime.timedelta(seconds=5))
    with time_machine.travel(start, tick=False) as clock:
        page, _ = _visit(org)
        assert "last ticked 0\xa0minutes ago" in page
        clock.shift(30)
        page, drawn = _visit(org)
        assert not drawn  # the same minute of age: the same words, kept
        clock.shift(60)
        page, drawn = _visit(org)
        assert drawn and "last ticked 1\xa0minute ago" in page
        Heartbeat.objects.filter(name=BEAT).update(at=timezone.now())
        page, drawn = _visit(org)
        assert drawn and "last ticked 0\xa0minutes ago" in page


def test_how_long_a_prisoner_went_uncovered_moves_on(org, make_prisoner):
    start = datetime.datetime(2026, 6, 10, 10, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        prisoner = make_prisoner(name="Waiting Long")
        Prisoner.objects.filter(pk=prisoner.pk).update(
            created_at=start - datetime.timedelta(days=2)
        )
        page, _ = _visit(org)
        assert "uncovered for 2\xa0days<" in _section(page, "uncovered-heading")
        clock.shift(datetime.timedelta(hours=1))  # the same day
        page, drawn = _visit(org)
        assert drawn and "uncovered for 2\xa0days, 1\xa0hour" in _section(page, "uncovered-heading")


def test_figures_counted_again_show_though_no_row_changed(org, make_prisoner, volunteer):
    prisoner = make_prisoner()
    now = timezone.now()
    for _ in range(censorship.LATEST):
        AccountSuspension.objects.create(
            volunteer=volunteer, prisoner=prisoner, platform="x", reported_at=now
        )
    page, _ = _visit(org)
    assert "All 5 reports of suspended accounts" in page
    AccountSuspension.objects.create(
        volunteer=volunteer,
        prisoner=prisoner,
        platform="x",
        reported_at=now - datetime.timedelta(days=1),  # not among the latest shown
    )
    cache.delete(kept.key("en"))  # as KEPT_SECONDS running out does
    page, drawn = _visit(org)
    assert drawn and "All 6 reports of suspended accounts" in page


def test_the_staff_bit_is_in_the_key(org, make_organizer, make_prisoner, volunteer):
    Post.objects.create(
        volunteer=volunteer,
        prisoner=make_prisoner(),
        platform="x",
        link="https://x.com/a/status/3",
        link_status=Post.LinkStatus.REMOVED,
        link_gone_at=timezone.now(),
    )
    not_staff = make_organizer(display_name="Not Staff")
    type(not_staff).objects.filter(pk=not_staff.pk).update(is_staff=False)
    other = organizer_client(not_staff)
    for _ in range(2):  # each drawn first, then each kept
        assert "check history" in _visit(org)[0]
        assert "check history" not in _visit(other)[0]


def test_each_language_and_time_zone_its_own(org, organizer):
    english, _ = _visit(org)
    org.cookies["django_language"] = "zh-hans"
    chinese, drawn = _visit(org)
    assert drawn and "How the campaign stands" in english
    assert "How the campaign stands" not in chinese
    type(organizer).objects.filter(pk=organizer.pk).update(timezone="Asia/Shanghai")
    _, drawn = _visit(org)
    assert drawn


AGES = [
    datetime.timedelta(seconds=s)
    for s in (
        *range(0, 3 * 3600, 17),
        *range(86_400 - 200, 86_400 + 200),
        *range(6 * 86_400, 9 * 86_400, 599),
        *range(27 * 86_400, 65 * 86_400, 3593),
        *range(360 * 86_400, 400 * 86_400, 86_399),
    )
]


@pytest.mark.parametrize("moment_day", [datetime.date(2025, 1, 31), datetime.date(2024, 2, 29)])
def test_one_age_one_wording(moment_day):
    """kept.age says the same for two moments only if timesince words them the same."""
    moment = datetime.datetime.combine(
        moment_day, datetime.time(15, 7, 23, 400), tzinfo=datetime.UTC
    )
    wordings = {}
    with translation.override("en"):
        for age in AGES:
            now = moment + age
            wording = timesince(moment, now)
            assert wordings.setdefault((kept.age(moment, now), now.date()), wording) == wording


def test_quiet_defenders_last_posts_show_at_once(org, make_user, make_prisoner):
    volunteer = make_user(display_name="Quiet One")
    adoption = defend(volunteer, make_prisoner(name="Quietly Held"))
    long_ago = timezone.now() - datetime.timedelta(weeks=5)
    Adoption.objects.filter(pk=adoption.pk).update(started_at=long_ago)
    page, _ = _visit(org)
    assert "no post yet" in _section(page, "quiet-heading")
    Post.objects.create(
        volunteer=volunteer,
        prisoner=adoption.prisoner,
        platform="x",
        link="https://x.com/q/status/1",
        posted_at=long_ago,
    )
    page, drawn = _visit(org)
    assert drawn and "https://x.com/q/status/1" in _section(page, "quiet-heading")


def test_the_headline_counts_a_new_prisoner_at_once(
    org, make_prisoner, django_capture_on_commit_callbacks
):
    make_prisoner()
    page, _ = _visit(org)
    assert '<div class="figure-number">1</div>published prisoner<' in page
    with django_capture_on_commit_callbacks(execute=True):
        make_prisoner()
    page, drawn = _visit(org)
    assert drawn and '<div class="figure-number">2</div>published prisoners<' in page


def test_how_long_ago_a_volunteer_joined_and_a_defender_posted_moves_on(
    org, make_user, make_prisoner, settings
):
    settings.VOLUNTEERS_NEED_APPROVAL = True
    start = datetime.datetime(2026, 6, 10, 10, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        make_user(display_name="Joined Lately")
        quiet = make_user(display_name="Quiet Poster")
        adoption = defend(quiet, make_prisoner())
        long_ago = start - datetime.timedelta(weeks=3)
        Adoption.objects.filter(pk=adoption.pk).update(started_at=long_ago)
        VolunteerSettings.objects.update_or_create(
            volunteer=quiet, defaults={"last_posted_at": long_ago}
        )
        page, _ = _visit(org)
        assert "joined 0\xa0minutes ago" in _section(page, "vetting-heading")
        assert "last post 3\xa0weeks ago" in _section(page, "quiet-heading")
        clock.shift(datetime.timedelta(minutes=2))
        page, drawn = _visit(org)
        assert drawn and "joined 2\xa0minutes ago" in _section(page, "vetting-heading")
        clock.shift(datetime.timedelta(hours=12))  # the same UTC day
        page, _ = _visit(org)
        assert "last post 3\xa0weeks, 1\xa0day ago" not in page
        clock.shift(datetime.timedelta(hours=13))  # a day and more since the first visit
        page, drawn = _visit(org)
        assert drawn and "last post 3\xa0weeks, 1\xa0day ago" in _section(page, "quiet-heading")


def test_a_defenders_age_of_silence_moves_on_within_a_day(org, make_user, make_prisoner):
    start = datetime.datetime(2026, 6, 10, 10, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        quiet = make_user(display_name="Quiet Poster")
        adoption = defend(quiet, make_prisoner())
        last = datetime.datetime(2026, 5, 19, 12, 0, tzinfo=datetime.UTC)  # 21 days, 22 h
        Adoption.objects.filter(pk=adoption.pk).update(started_at=last)
        VolunteerSettings.objects.update_or_create(
            volunteer=quiet, defaults={"last_posted_at": last}
        )
        page, _ = _visit(org)
        assert "last post 3\xa0weeks ago" in _section(page, "quiet-heading")
        clock.shift(datetime.timedelta(hours=2, minutes=30))  # 22 days: the same UTC day
        page, drawn = _visit(org)
        assert drawn and "last post 3\xa0weeks, 1\xa0day ago" in _section(page, "quiet-heading")


def test_a_quiet_defenders_older_post_changed_shows(org, make_user, make_prisoner, volunteer):
    quiet = make_user(display_name="Quiet Poster")
    prisoner = make_prisoner()
    adoption = defend(quiet, prisoner)
    long_ago = timezone.now() - datetime.timedelta(weeks=5)
    Adoption.objects.filter(pk=adoption.pk).update(started_at=long_ago)
    old = Post.objects.create(
        volunteer=quiet,
        prisoner=prisoner,
        platform="x",
        link="https://x.com/q/status/1",
        text="First words",
        posted_at=long_ago,
    )
    for n in range(20):  # newer: the old post is in no other list
        Post.objects.create(
            volunteer=volunteer, prisoner=prisoner, platform="x", link=f"https://x.com/n/{n}"
        )
    page, _ = _visit(org)
    assert "First words" in _section(page, "quiet-heading")
    assert "First words" not in _section(page, "posts-heading")
    Post.objects.filter(pk=old.pk).update(text="Second words")
    page, drawn = _visit(org)
    assert drawn and "Second words" in _section(page, "quiet-heading")


def test_with_debug_on_the_content_is_drawn_every_time(org, settings):
    settings.DEBUG = True  # an edited template shows at once
    _visit(org)
    assert _visit(org)[1]


def test_figures_kept_by_the_code_before_are_never_read(org):
    """A deploy: the old processes' figures, under their key, lack what this code reads."""
    old_key = f"organize:kept:{generation()}:{cache.get(kept.VERSION_KEY, 0)}:en"
    cache.set(old_key, {"charts": [], "posts_total": 0}, 60)
    page, drawn = _visit(org)
    assert drawn and "How the campaign stands" in page
