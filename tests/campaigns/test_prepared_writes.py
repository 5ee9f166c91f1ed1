"""The claim's and the post's statements are prepared on the server once per connection
(advocacy/server_prepared.py), and a server session that does not have them (PgBouncer in
transaction mode hands out another one) costs speed, never a claim or a post."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from advocacy import server_prepared
from campaigns import writes
from campaigns.models import Adoption, Post

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _preparing(monkeypatch):
    """Each test starts preparing, on a connection that has prepared nothing."""
    monkeypatch.setitem(server_prepared._preparing, "on", True)
    connection.close()
    yield
    connection.close()


def _claim(volunteer, prisoner) -> tuple[Adoption | None, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        adoption = writes.claim_by_slug(volunteer, prisoner.slug, need_approval=False)
    return adoption, [query["sql"] for query in captured]


def _held() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return {row[0] for row in cursor.fetchall()}


def test_prepared_with_its_first_run_then_run_by_name(make_user, make_prisoner):
    first, sql = _claim(make_user(), make_prisoner(name="First"))
    assert first is not None and len(sql) == 1
    assert sql[0].startswith("PREPARE claim_by_slug_") and "FOR SHARE OF p, u" in sql[0]
    second, sql = _claim(make_user(), make_prisoner(name="Second"))
    assert second is not None and len(sql) == 1
    assert sql[0].startswith("EXECUTE claim_by_slug_")
    assert any(name.startswith("claim_by_slug_") for name in _held())
    assert Adoption.objects.active().defenders().count() == 2


def test_a_post_is_prepared_too(make_user, prisoner):
    volunteer = make_user()
    Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role="defender")
    for n in (1, 2):
        post = Post(volunteer=volunteer, prisoner=prisoner, link=f"https://x.com/a/status/{n}")
        post.posted_at = timezone.now()
        assert writes.insert_post(post, adopted_only=True)
    assert any(name.startswith("post_adopted_") for name in _held())
    assert Post.objects.filter(volunteer=volunteer).count() == 2


def test_a_lost_race_is_refused_by_the_constraint_as_before(make_user, prisoner, make_prisoner):
    _claim(make_user(), make_prisoner(name="Prepares the statement"))
    winner, loser = make_user(), make_user()
    assert _claim(winner, prisoner)[0] is not None
    # The loser's statement is the prepared one; its INSERT meets the unique constraint
    # (services.claim_prisoner explains it; defend() finds the reason again).
    with pytest.raises(IntegrityError):
        _claim(loser, prisoner)
    assert Adoption.objects.active().get(prisoner=prisoner).volunteer == winner


def test_a_server_session_without_the_statement_gets_the_text(make_user, make_prisoner):
    _claim(make_user(), make_prisoner(name="First"))
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")  # as if PgBouncer lent another server session
    adoption, sql = _claim(make_user(), make_prisoner(name="Second"))
    assert adoption is not None
    assert sql[0].startswith("EXECUTE ") and "FOR SHARE OF p, u" in sql[1]
    assert server_prepared._preparing["on"] is False  # and from now on, the text only
    assert "FOR SHARE OF p, u" in _claim(make_user(), make_prisoner(name="Third"))[1][0]


def test_a_server_session_that_has_it_already_gets_the_text(make_user, make_prisoner):
    _claim(make_user(), make_prisoner(name="First"))
    connection._prepared_writes = None  # this connection forgets what the server holds
    adoption, sql = _claim(make_user(), make_prisoner(name="Second"))
    assert adoption is not None
    assert sql[0].startswith("PREPARE ") and sql[1].startswith("\nWITH checked")
    assert server_prepared._preparing["on"] is False


def test_inside_a_transaction_the_text_is_sent(make_user, prisoner):
    volunteer = make_user()
    with transaction.atomic(), CaptureQueriesContext(connection) as captured:
        assert writes.claim_by_slug(volunteer, prisoner.slug, need_approval=False)
    statements = [q["sql"] for q in captured if "SAVEPOINT" not in q["sql"]]
    assert len(statements) == 1 and "FOR SHARE OF p, u" in statements[0]
    assert not _held()
