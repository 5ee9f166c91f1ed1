"""The dashboard keeps which prisoners head the uncovered list until the next change
(campaigns.organize.reads.uncovered, issue 17): a claim or a new prisoner shows
on the next visit, and a visit with nothing changed skips the ranking query."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaigns import services


def _uncovered(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/organize/")
    assert response.status_code == 200
    excerpt = response.context["uncovered"]
    ranking = [q for q in queries.captured_queries if "uncovered_since" in q["sql"]]
    counted = [q for q in queries.captured_queries if "COUNT(*)" in q["sql"]]
    return [p.name for p in excerpt.rows], excerpt.total, ranking, len(counted)


def test_a_claim_and_a_new_prisoner_show_on_the_next_visit(
    org, make_prisoner, volunteer, django_capture_on_commit_callbacks
):
    first = make_prisoner(name="First Uncovered", priority=2)
    make_prisoner(name="Second Uncovered")
    names, total, ranking, _ = _uncovered(org)
    assert names == ["First Uncovered", "Second Uncovered"] and total == 2
    assert ranking and "LIMIT" in ranking[0]["sql"]  # ranked over every held prisoner

    names_again, total_again, ranking, _ = _uncovered(org)
    assert (names_again, total_again) == (names, total)
    assert all('"id" IN' in q["sql"] for q in ranking)  # only the kept rows, by key

    with django_capture_on_commit_callbacks(execute=True):
        services.claim_prisoner(volunteer=volunteer, prisoner=first)
    names, total, _, _ = _uncovered(org)
    assert names == ["Second Uncovered"] and total == 1

    with django_capture_on_commit_callbacks(execute=True):
        make_prisoner(name="Third Uncovered", priority=1)
    names, total, _, _ = _uncovered(org)
    assert names == ["Third Uncovered", "Second Uncovered"] and total == 2


def test_kept_rows_are_read_fresh(org, make_prisoner, volunteer):
    """Even a change that did not move the generation (no commit here) never shows a
    claimed prisoner as uncovered: the kept keys are filtered again."""
    first = make_prisoner(name="First Uncovered")
    _uncovered(org)
    services.claim_prisoner(volunteer=volunteer, prisoner=first)  # on_commit never runs
    assert _uncovered(org)[0] == []
