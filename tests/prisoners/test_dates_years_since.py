"""The "years since their death / since release" counter on a profile (whole_years_between)."""

import datetime

from django.utils import timezone

from prisoners.dates import whole_years_between
from prisoners.models import CaseEvent, Status


def test_under_a_year_is_0_years():
    assert whole_years_between(datetime.date(2025, 12, 1), datetime.date(2026, 6, 1)) == 0
    assert whole_years_between(datetime.date(2026, 3, 1), datetime.date(2026, 3, 1)) == 0


def test_a_date_after_today_is_0_years_not_a_negative_count():
    assert whole_years_between(datetime.date(2027, 5, 1), datetime.date(2026, 6, 1)) == 0


def test_a_profile_says_0_years_since_a_death_under_a_year_ago(make_prisoner):
    dead = make_prisoner(status=Status.DIED, death_date=datetime.date(2026, 1, 10))
    assert dead.years_since_death(today=datetime.date(2026, 11, 22)) == 0


def test_a_profile_released_weeks_ago_says_so_in_words_not_0_years(client, make_prisoner):
    freed = make_prisoner(status=Status.RELEASED)
    CaseEvent.objects.create(
        prisoner=freed,
        date=timezone.localdate() - datetime.timedelta(days=30),
        kind=CaseEvent.Kind.RELEASE,
        text="Freed",
    )
    html = client.get(freed.get_absolute_url()).content.decode()
    assert "Released less than a year ago" in html
    assert '<p class="display-6 fw-bold mb-0">0</p>' not in html
    assert "years since release" not in html
