"""Every list of the dashboard, and the dashboard, cost the same number of queries with
100 rows as with 100,000 (issue 15: the lists show their totals and page through all)."""

import datetime
import itertools

import pytest
from allauth.account.models import EmailAddress
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.utils import timezone

from campaigns.models import Adoption, OutgoingEmail
from tests.conftest import defend

from .bulk_rows import clone

BIG = 100_000
_batch = itertools.count()


@pytest.fixture
def grow(make_user, make_prisoner, settings):
    """grow[list](n): n more rows in that dashboard list, as copies of one made here."""
    settings.VOLUNTEERS_NEED_APPROVAL = True
    month_ago = timezone.now() - datetime.timedelta(days=30)

    def prisoners(n):
        copy = f"'-{next(_batch)}-' || g"
        return clone(make_prisoner(), n, slug=f"t.slug || {copy}", import_key="NULL")

    def volunteers(n, *, confirmed=True):
        person = make_user()
        email = f"'{next(_batch)}-' || g || t.email"
        first = clone(person, n, email=email, link_id="gen_random_uuid()")
        if confirmed:
            address = EmailAddress.objects.get(user=person)
            clone(address, n, email=email, user_id=f"{first} + g - 1")
        return first

    def uncovered(n):
        prisoners(n)

    def quiet(n):
        adoption = defend(make_user(), make_prisoner())
        Adoption.objects.filter(pk=adoption.pk).update(started_at=month_ago)
        who, whom = volunteers(n - 1, confirmed=False), prisoners(n - 1)
        adoption.refresh_from_db()
        clone(adoption, n - 1, volunteer_id=f"{who} + g - 1", prisoner_id=f"{whom} + g - 1")

    def failed(n):
        row = OutgoingEmail.objects.create(
            volunteer=make_user(), kind="thanks", period="2026-01-01", status="failed"
        )
        clone(row, n - 1, period="to_char(date '1000-01-01' + g, 'YYYY-MM-DD')")

    def vetting(n):
        volunteers(n)

    return {"uncovered": uncovered, "quiet": quiet, "failed": failed, "vetting": vetting}


def queries(client, url, django_assert_num_queries, expected):
    cache.clear()  # the headline figures are cached for a minute: count them each time
    ContentType.objects.clear_cache()
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response


# The session (from the table: `queries` empties the cache), the user with the delivery
# banner, second factor; the list's count and its page (and the quiet defenders' last
# posts, in one query for the page).
# (One more each before the second factor came with the user.)
PAGES = {"uncovered": 4, "quiet": 5, "failed": 4, "vetting": 4}


@pytest.mark.parametrize("name", PAGES)
def test_a_list_page_costs_the_same_with_100_and_100000_rows(
    org, grow, name, django_assert_num_queries
):
    url = f"/organize/{name}/"
    grow[name](100)
    small = queries(org, url, django_assert_num_queries, PAGES[name])
    assert small.context["page"].paginator.count >= 100
    grow[name](BIG - 100)
    big = queries(org, url, django_assert_num_queries, PAGES[name])
    assert big.context["page"].paginator.count >= BIG
    assert len(big.context["page"].object_list) == 50
    assert f"Page 1 of {big.context['page'].paginator.num_pages}" in big.content.decode()


def test_the_dashboard_costs_the_same_with_100_and_100000_rows_in_each_list(
    org, grow, django_assert_num_queries
):
    # 25 (test_dashboard.py), with approval on: the waiting volunteers and their total.
    for name in PAGES:
        grow[name](100)
    small = queries(org, "/organize/", django_assert_num_queries, 27)
    assert small.context["vetting"].total >= 100
    for name in PAGES:
        grow[name](BIG - 100)
    big = queries(org, "/organize/", django_assert_num_queries, 27)
    for name in PAGES:
        assert big.context[name].total >= BIG
        assert len(big.context[name].rows) == 20
    assert "Showing 20 of 100,0" in big.content.decode()
