"""The organizers' views of posts cost the same with a few posts as with thousands."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from campaigns.models import Post
from tests.conftest import defend


def many_posts(volunteer, prisoner, count: int) -> None:
    start = timezone.now() - datetime.timedelta(days=600)
    Post.objects.bulk_create(
        Post(
            volunteer=volunteer,
            prisoner=prisoner,
            platform="x",
            link=f"https://x.com/someone/status/{start.timestamp()}{n}",
            posted_at=start + datetime.timedelta(minutes=n),
        )
        for n in range(count)
    )


def queries(client, url: str) -> int:
    ContentType.objects.clear_cache()  # the admin's first page reads it, the next not
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_posts_page_and_the_adoptions_page_do_not_grow_with_the_posts(
    org, volunteer, other_volunteer, prisoner, make_prisoner
):
    adoption = defend(volunteer, prisoner)
    other = make_prisoner()
    urls = [
        "/organize/posts/",
        f"/organize/posts/?volunteer={volunteer.pk}&prisoner={prisoner.slug}",
        f"/admin/campaigns/adoption/{adoption.pk}/change/",
    ]
    many_posts(volunteer, prisoner, 3)
    many_posts(other_volunteer, other, 3)
    few = [queries(org, url) for url in urls]
    # User (with the delivery banner and second factor; the session is cached); the count
    # and the page (the filter's volunteer and prisoner first when filtered). ([4, 6]
    # before the second factor came with the user.)
    assert few[:2] == [3, 5]
    many_posts(volunteer, prisoner, 2000)
    many_posts(other_volunteer, other, 2000)
    assert [queries(org, url) for url in urls] == few
