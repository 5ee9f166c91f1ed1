import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from campaigns import services
from campaigns.models import Adoption
from prisoners.models import CaseEvent, Prisoner, Source, Status

from ..conftest import empty_caches


def test_the_profile_shows_the_case(client, prisoner):
    CaseEvent.objects.create(
        prisoner=prisoner,
        date=datetime.date(2017, 12, 26),
        kind=CaseEvent.Kind.VERDICT,
        text="Sentenced to eight years.",
        source_url="https://example.org/verdict",
    )
    CaseEvent.objects.create(
        prisoner=prisoner, date=datetime.date(2016, 1, 1), text="Draft note", is_published=False
    )
    Source.objects.create(prisoner=prisoner, url="https://example.org/wu-gan", title="Record")
    response = client.get(prisoner.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Wu Gan" in html and "吴淦" in html
    assert "Sentenced to eight years." in html
    assert "Draft note" not in html
    assert 'href="https://example.org/wu-gan"' in html
    assert 'href="https://example.org/verdict"' in html
    days = prisoner.days_detained()
    assert days > 3000
    assert f"{days:,}" in html
    assert "days in detention" in html


def test_a_dead_prisoners_profile_counts_years_since_death(client, make_prisoner):
    liu = make_prisoner(
        native_name="刘晓波", status=Status.DIED, death_date=datetime.date(2017, 7, 13)
    )
    html = client.get(liu.get_absolute_url()).content.decode()
    assert f"{liu.years_since_death()}</p>" in html
    assert "years since their death" in html
    assert "Needs a defender" not in html


def test_the_profile_says_a_prisoner_needs_a_defender(client, prisoner):
    html = client.get(prisoner.get_absolute_url()).content.decode()
    assert "Needs a defender" in html


def test_the_profile_says_there_is_a_defender_but_never_who(client, prisoner, volunteer):
    Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role="defender")
    html = client.get(prisoner.get_absolute_url()).content.decode()
    assert "Has a defender" in html
    assert volunteer.display_name not in html
    assert volunteer.email not in html


def test_unpublished_and_unknown_prisoners_are_404(client, make_prisoner):
    draft = make_prisoner(is_published=False)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get("/prisoners/nobody-at-all/").status_code == 404


def test_organizers_preview_unpublished_profiles(client, make_prisoner, organizer):
    draft = make_prisoner(is_published=False)
    client.force_login(organizer)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert b"not published" in response.content


def test_the_home_page_explains_counts_and_lists_the_most_urgent_first(
    client, make_prisoner, volunteer, other_volunteer
):
    calm = make_prisoner(name="Calm Case", detained_on=datetime.date(2010, 1, 1))
    urgent = make_prisoner(name="Urgent Case", priority=2, detained_on=datetime.date(2024, 1, 1))
    defended = make_prisoner(name="Defended Case", priority=2)
    make_prisoner(name="Released Case", status=Status.RELEASED, priority=2)
    Adoption.objects.create(volunteer=volunteer, prisoner=defended, role="defender")
    now = timezone.now()
    # Through the real posting path, which keeps the weekly rollup and each
    # volunteer's last post up to date (the counters read those).
    for n, (who, whom, when) in enumerate(
        [
            (volunteer, defended, now),
            (volunteer, defended, now),
            (other_volunteer, calm, now - datetime.timedelta(days=40)),
        ]
    ):
        link = f"https://x.com/a/status/{n}"
        services.log_post(volunteer=who, prisoner=whom, fields={"link": link, "posted_at": when})
    response = client.get("/")
    assert response.status_code == 200
    assert [p.pk for p in response.context["urgent"]] == [urgent.pk, calm.pk]
    assert response.context["counters"] == {
        "published": 4,
        "held": 3,
        "defended": 1,
        "defended_share": 33,
        "needing": 2,
        "posts_this_week": 2,
        "active_volunteers": 1,
    }
    assert b"33%" in response.content
    assert b"One person defends one political prisoner" in response.content


def _bulk_prisoners(n: int) -> None:
    Prisoner.objects.bulk_create(
        Prisoner(name=f"Bulk {i}", slug=f"bulk-{i}", is_published=True, status=Status.DETAINED)
        for i in range(n)
    )


def _queries(client, url: str) -> int:
    empty_caches()  # measure the worst case: nothing cached yet, nor kept in memory
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/prisoners/",
        "/prisoners/?q=bulk&status=detained&needs_defender=1&page=2",
        "/prisoners/wu-gan/",
    ],
)
def test_query_count_does_not_grow_with_the_data(client, prisoner, url):
    CaseEvent.objects.create(prisoner=prisoner, date=datetime.date(2017, 1, 1), text="A")
    _bulk_prisoners(10)
    small = _queries(client, url)
    Prisoner.objects.bulk_create(
        Prisoner(name=f"More {i}", slug=f"more-{i}", is_published=True) for i in range(990)
    )
    CaseEvent.objects.bulk_create(
        CaseEvent(prisoner=prisoner, date=datetime.date(2018, 1, 1), text=str(i)) for i in range(50)
    )
    assert _queries(client, url) == small


@pytest.mark.parametrize(
    ("url", "pinned"), [("/", 5), ("/prisoners/", 4), ("/prisoners/wu-gan/", 3)]
)
def test_query_counts_are_pinned(client, prisoner, url, pinned):
    # home: four counters (cached after), the urgent cards.
    # list: the paginator's count, the page's keys, the region select's counts (those
    # three kept after), the full rows of the cards not kept (prisoners/fragments.py).
    # detail: the prisoner with its coverage, its timeline, its sources.
    assert _queries(client, url) == pinned
