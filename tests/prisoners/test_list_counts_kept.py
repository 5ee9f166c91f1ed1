"""The list's count of prisoners found, and the region select's counts, are kept in the
process's memory and in Redis under the public pages' generation (prisoners/kept.py):
a change that moves the generation shows at once, and a page with nothing changed asks
the database nothing (its rows are kept the same way, prisoners/listing.py). The pages
are read as a signed-in volunteer, whom the anonymous page cache never serves.
"""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaigns import services
from prisoners import kept
from prisoners.models import Prisoner, Status

from ..conftest import empty_caches


def _found(client, query: str = "") -> int:
    response = client.get(f"/prisoners/?{query}")
    assert response.status_code == 200
    return int(re.search(r"(\d+) prisoners? found", response.content.decode()).group(1))


def _prisoner_queries(client, query: str = "") -> list[str]:
    """The page's queries of prisoners (not the session, user or banner)."""
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(f"/prisoners/?{query}").status_code == 200
    return [q["sql"] for q in ctx.captured_queries if "prisoners_prisoner" in q["sql"]]


def test_a_new_prisoner_is_counted_at_once(
    reader, prisoner, make_prisoner, django_capture_on_commit_callbacks
):
    assert _found(reader) == 1
    assert _found(reader) == 1  # now kept
    with django_capture_on_commit_callbacks(execute=True):
        make_prisoner(name="Another")
    assert _found(reader) == 2


def test_a_claim_retires_the_count_of_those_who_need_a_defender(
    reader, prisoner, make_prisoner, other_volunteer, django_capture_on_commit_callbacks
):
    make_prisoner(name="Another")
    assert _found(reader, "needs_defender=on") == 2
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_prisoner(volunteer=other_volunteer, prisoner=prisoner)
    assert _found(reader, "needs_defender=on") == 1
    assert _found(reader) == 2


def test_each_question_has_its_own_count(reader, prisoner, make_prisoner):
    make_prisoner(name="Detained one", status=Status.DETAINED)
    make_prisoner(name="Detained two", status=Status.DETAINED)
    assert _found(reader, "status=detained") == 2
    assert _found(reader, "status=sentenced") == 1
    assert _found(reader) == 3
    assert _found(reader, "q=detained") == 2
    assert _found(reader, "q=wugan") == 1


def test_a_page_with_nothing_changed_reads_only_its_rows(reader, prisoner, make_prisoner):
    make_prisoner(name="Another")
    assert len(_prisoner_queries(reader)) == 4  # count, keys, region counts, cards' rows
    # Then the counts are kept, and so are the page's rows and its cards: no query.
    assert len(_prisoner_queries(reader)) == 0
    empty_caches()
    assert len(_prisoner_queries(reader)) == 4


def test_a_change_that_moves_no_generation_waits_for_the_lifetime(reader, prisoner):
    assert _found(reader) == 1
    Prisoner.objects.filter(pk=prisoner.pk).update(is_published=False)  # moves nothing
    assert _found(reader) == 1  # kept: a bulk update waits for the count's lifetime
    kept.forget()  # as when the lifetime is over (the page itself is already right)
    assert _found(reader) == 1  # Redis still holds it
    empty_caches()
    assert _found(reader) == 0


def test_only_the_cards_kept_nowhere_read_their_full_rows(
    reader, prisoner, make_prisoner, django_capture_on_commit_callbacks
):
    other = make_prisoner(name="Other Person")
    _prisoner_queries(reader)
    other.name = "Renamed Person"
    with django_capture_on_commit_callbacks(execute=True):  # committed: a new generation
        other.save()  # a new version of its card; Wu Gan's is still kept
    queries = _prisoner_queries(reader)
    full_rows = [sql for sql in queries if '"native_name"' in sql]
    assert len(full_rows) == 1
    assert f"IN ({other.pk})" in full_rows[0]
    assert "Renamed Person" in reader.get("/prisoners/").content.decode()


def test_a_search_a_filter_and_a_deep_page_are_kept_whole(
    reader, prisoner, make_prisoner, settings
):
    settings.PRISONERS_PER_PAGE = 1
    make_prisoner(name="Another")
    for query in ("q=wu", "page=2", "status=sentenced"):
        assert _prisoner_queries(reader, query)  # drawn: read
        assert _prisoner_queries(reader, query) == []  # then kept, rows and all
