"""Query counts pinned for the log form: the email link's page and POST /me/posts/."""

import pytest

from campaigns import tokens
from campaigns.models import Post


def test_the_email_link_form_page_costs_two_queries(
    client, defender, prisoner, django_assert_num_queries
):
    path = f"/r/post/{tokens.make(tokens.LOG_POST, defender, p=prisoner.pk)}/"
    # The volunteer the token names; their adoption with its prisoner.
    with django_assert_num_queries(2):
        assert client.get(path).status_code == 200


@pytest.mark.parametrize("earlier_posts", [0, 30])
def test_logging_a_post_costs_the_same_queries_however_many_came_before(
    volunteer_client, defender, prisoner, django_assert_num_queries, earlier_posts
):
    for n in range(earlier_posts):
        Post.objects.create(
            volunteer=defender, prisoner=prisoner, platform="x", link=f"https://x.com/a/status/{n}"
        )
    data = {"prisoner": prisoner.pk, "link": "https://x.com/lotus/status/1"}
    # User (the session is cached); the post, its week's count and the volunteer's last
    # post date in one statement that checks the prisoner is theirs (campaigns/writes.py),
    # in a savepoint here since the test runs in a transaction (two queries without one:
    # test_claim_and_post_in_one_statement.py).
    with django_assert_num_queries(4):
        assert volunteer_client.post("/me/posts/", data).status_code == 302
