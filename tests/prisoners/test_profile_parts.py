"""A profile's parts drawn once per language, version and day, then kept (prisoners/profile.py).

Read as signed-in volunteers, whom the anonymous page cache never serves: what is checked
here is the kept parts, in Redis and in the process's memory. Every change a profile shows
must show at once, and nothing of one reader may reach another.
"""

import datetime
import re

from django.core.cache import cache
from django.test import Client

from campaigns.models import Adoption, VolunteerSettings
from prisoners import fragments, profile
from prisoners.models import CaseEvent, Source

from ..conftest import defend

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _html(client, prisoner) -> str:
    response = client.get(prisoner.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def _kept() -> list[str]:
    """Every kept profile part in the cache (Redis) now."""
    keys = [k.decode().split(":", 2)[2] for k in cache._cache.get_client().keys("*profilehtml*")]
    return ["".join(parts) for parts in cache.get_many(keys).values()]


def _timeline(html: str) -> str:
    return html[html.index(">Timeline<") : html.index(">Sources<")]


def test_a_kept_profile_is_the_drawn_one_and_costs_no_timeline_query(
    reader, prisoner, django_assert_num_queries
):
    CaseEvent.objects.create(prisoner=prisoner, date="2015-05-19", text="Taken away")
    Source.objects.create(prisoner=prisoner, url="https://example.org/wu-gan", title="Wu Gan")
    # The user (with base.html's delivery banner), the prisoner, the reader's adoptions;
    # then the timeline and the sources to draw the parts.
    with django_assert_num_queries(5):
        drawn = _html(reader, prisoner)
    assert len(_kept()) == 1
    with django_assert_num_queries(3):
        kept = _html(reader, prisoner)
    fragments.forget_recent()  # from Redis, not from this process's memory
    with django_assert_num_queries(3):
        from_cache = _html(reader, prisoner)
    assert TOKEN.sub("", kept) == TOKEN.sub("", drawn) == TOKEN.sub("", from_cache)
    assert "Taken away" in kept and "https://example.org/wu-gan" in kept


def test_a_renamed_prisoner_shows_at_once(any_reader, prisoner):
    assert "Wu Gan" in _html(any_reader, prisoner)
    prisoner.status = "released"
    prisoner.save(update_fields=["status"])  # as an organizer's "released" does
    html = _html(any_reader, prisoner)
    assert "Released" in html and "Sentenced" not in html
    prisoner.name = "Someone Else"
    prisoner.save()  # a new address too
    html = _html(any_reader, prisoner)
    assert "Someone Else" in html and "Wu Gan" not in html


def test_each_change_to_the_timeline_shows_at_once(any_reader, prisoner):
    assert "No case events recorded yet." in _html(any_reader, prisoner)
    event = CaseEvent.objects.create(prisoner=prisoner, date="2015-05-19", text="Taken away")
    assert "Taken away" in _timeline(_html(any_reader, prisoner))
    event.text = "Taken away at night"
    event.save()
    assert "Taken away at night" in _timeline(_html(any_reader, prisoner))
    # Written without save() and its signals: the digest is of the rows themselves.
    CaseEvent.objects.filter(pk=event.pk).update(text="Held in secret")
    assert "Held in secret" in _timeline(_html(any_reader, prisoner))
    CaseEvent.objects.filter(pk=event.pk).update(is_published=False)
    assert "Held in secret" not in _html(any_reader, prisoner)
    CaseEvent.objects.filter(pk=event.pk).update(is_published=True)
    assert "Held in secret" in _html(any_reader, prisoner)
    event.delete()
    assert "No case events recorded yet." in _html(any_reader, prisoner)


def test_each_change_to_the_sources_shows_at_once(any_reader, prisoner):
    assert "No sources recorded yet." in _html(any_reader, prisoner)
    # As the importer adds them: bulk_create, no signal, the prisoner's row not written.
    Source.objects.bulk_create([Source(prisoner=prisoner, url="https://example.org/a")])
    assert "https://example.org/a" in _html(any_reader, prisoner)
    Source.objects.filter(prisoner=prisoner).update(title="The court's ruling")
    assert "The court&#x27;s ruling" in _html(any_reader, prisoner)
    Source.objects.filter(prisoner=prisoner).delete()
    assert "No sources recorded yet." in _html(any_reader, prisoner)


def test_a_defender_their_credit_and_supporters_show_at_once(
    any_reader, prisoner, make_user, other_volunteer
):
    assert "Needs a defender" in _html(any_reader, prisoner)
    defender = make_user(display_name="Plum Blossom")
    defend(defender, prisoner)  # the prisoner's row is not written
    html = _html(any_reader, prisoner)
    assert "Has a defender" in html and "Needs a defender" not in html
    assert "Plum Blossom" not in html
    VolunteerSettings.objects.update_or_create(volunteer=defender, defaults={"public_credit": True})
    assert "Defended by Plum Blossom." in _html(any_reader, prisoner)
    type(defender).objects.filter(pk=defender.pk).update(display_name="Winter Plum")
    html = _html(any_reader, prisoner)
    assert "Defended by Winter Plum." in html and "Plum Blossom" not in html
    Adoption.objects.create(volunteer=other_volunteer, prisoner=prisoner, role="supporter")
    assert "1 supporter shares the case." in _html(any_reader, prisoner)
    ended = datetime.datetime.now(datetime.UTC)
    Adoption.objects.filter(prisoner=prisoner).update(ended_at=ended, end_reason="handed_back")
    html = _html(any_reader, prisoner)
    assert "Needs a defender" in html and "Winter Plum" not in html and "supporter" not in html


def test_the_days_counted_follow_the_date(any_reader, prisoner, time_machine):
    time_machine.move_to(datetime.datetime(2025, 5, 19, 12, tzinfo=datetime.UTC), tick=False)
    assert "3,653" in _html(any_reader, prisoner)  # 2015-05-19 to 2025-05-19
    time_machine.move_to(datetime.datetime(2025, 5, 20, 12, tzinfo=datetime.UTC), tick=False)
    assert "3,654" in _html(any_reader, prisoner)


def test_the_readers_own_buttons_and_tokens_are_never_kept(
    client, prisoner, volunteer, other_volunteer
):
    defend(volunteer, prisoner)
    client.force_login(volunteer)
    mine = _html(client, prisoner)
    assert "You defend this prisoner. Thank you." in mine
    my_token = TOKEN.search(mine).group(1)
    other = Client()
    other.force_login(other_volunteer)
    theirs = _html(other, prisoner)  # the parts kept from the first reader's visit
    assert len(_kept()) == 1
    assert "You defend this prisoner" not in theirs and "Support the case" in theirs
    assert my_token not in theirs and TOKEN.search(theirs).group(1) != my_token
    for kept in _kept():
        assert "csrf" not in kept.lower() and "<form" not in kept
        assert "You defend" not in kept and "Support the case" not in kept
        assert volunteer.email not in kept and volunteer.display_name not in kept
    assert "You defend this prisoner. Thank you." in _html(client, prisoner)


def test_an_organizers_controls_are_never_kept(client, prisoner, organizer, volunteer):
    client.force_login(organizer)
    assert "organizer-panel" in _html(client, prisoner)
    reader = Client()
    reader.force_login(volunteer)
    assert "organizer-panel" not in _html(reader, prisoner)
    assert all("organizer-panel" not in kept for kept in _kept())


def test_each_language_and_time_zone_has_its_own_parts(
    client, prisoner, make_user, other_volunteer
):
    CaseEvent.objects.create(
        prisoner=prisoner, date="2015-05-19", text="Taken away", text_zh_hans="被带走"
    )
    since = datetime.datetime(2025, 5, 19, 20, tzinfo=datetime.UTC)  # May 20 in Taipei
    Adoption.objects.filter(pk=defend(other_volunteer, prisoner).pk).update(started_at=since)
    client.force_login(make_user(timezone="Asia/Taipei"))
    english = _html(client, prisoner)
    client.cookies["django_language"] = "zh-hant"
    traditional = _html(client, prisoner)
    client.cookies["django_language"] = "zh-hans"
    simplified = _html(client, prisoner)
    assert "Taken away" in english and "被帶走" in traditional and "被带走" in simplified
    assert '<html lang="zh-hant"' in traditional and "吳淦" in traditional
    assert "已判刑" in simplified and "Sentenced" in english
    assert "since May 20, 2025" in english
    other = Client()
    other.force_login(make_user(timezone="UTC"))
    assert "since May 19, 2025" in _html(other, prisoner)
    assert len(_kept()) == 4  # three languages in Taipei, English in UTC


def test_a_forged_part_break_in_a_record_is_only_text(any_reader, prisoner):
    prisoner.summary = f"Before {profile.PART_BREAK} after"
    prisoner.save()
    html = _html(any_reader, prisoner)
    assert "Before &lt;!--profile-part--&gt; after" in html


def test_the_prisoner_i_defend_elsewhere_is_read_only_to_name_them(
    reader, volunteer, prisoner, make_prisoner, django_assert_num_queries
):
    defend(volunteer, prisoner)
    other = make_prisoner(name="Another Person")
    _html(reader, other)
    _html(reader, prisoner)
    # The user with the banner, the prisoner, the reader's adoptions, the one they defend.
    with django_assert_num_queries(4):
        html = _html(reader, other)
    assert "You already defend Wu Gan. One person defends one prisoner" in " ".join(html.split())
    assert "Defend this prisoner" not in html and "Support the case" in html
    with django_assert_num_queries(3):  # their own: nobody else to name
        assert "You defend this prisoner. Thank you." in _html(reader, prisoner)
