"""From the log form to "this link does not open", through the real pieces: the request
commits the post and asks for its first check, a Celery worker on the `links` queue (a
subprocess, a private Redis broker) checks it against the fake platform, and /me/ says
what it found."""

import re

import pytest
from django.test import Client

from campaigns.models import Adoption, Post
from tests.campaigns.processes import Processes, wait_until
from tests.smtp import free_port

pytestmark = pytest.mark.django_db(transaction=True)

GONE = "https://x.com/deleted_lotus/status/1861234567890123456"
LIVE = "https://x.com/lotus/status/1861234567890123457"
DOES_NOT_OPEN = "This link does not open — check it?"


@pytest.fixture
def links_worker(private_broker, fake_platform, tmp_path):
    processes = Processes(
        private_broker,
        free_port(),
        tmp_path,
        X_OEMBED_URL=f"{fake_platform.base}/x/oembed",
        LINK_CHECK_ALLOW_PRIVATE="true",
        LINK_CHECK_TIMEOUT_SECONDS=2,
    )
    yield processes.worker("links", queues="links")
    processes.stop_all()


def log(client: Client, link: str) -> Post:
    page = client.get("/me/").content.decode()
    form = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    response = client.post("/me/posts/", {**form, "link": link})
    assert response.status_code == 302
    return Post.objects.get(link=link)


def checked(post: Post) -> Post | None:
    post.refresh_from_db()
    return post if post.link_status != Post.LinkStatus.UNCHECKED else None


def test_a_link_that_does_not_open_is_told_right_after_logging(
    links_worker, fake_platform, make_user, prisoner
):
    volunteer = make_user(display_name="Lotus")
    Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role="defender")
    client = Client()
    client.force_login(volunteer)

    gone, live = log(client, GONE), log(client, LIVE)
    for post in (gone, live):
        wait_until(lambda post=post: checked(post), 60, f"the first check of {post.link}")

    assert (gone.link_status, gone.link_live_at) == (Post.LinkStatus.REMOVED, None)
    assert live.link_status == Post.LinkStatus.LIVE
    assert fake_platform.hits["/x/oembed"] == 2  # one check each, by the worker
    assert [c.status for c in gone.link_checks.all()] == ["removed"]

    page = client.get("/me/").content.decode()
    assert page.count(DOES_NOT_OPEN) == 1
    assert GONE in page
