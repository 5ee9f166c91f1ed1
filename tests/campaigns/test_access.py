"""Who may open which campaign URL (S4, S5): every URL name of the app is in the matrix,
tried as anonymous, the owner, another volunteer and an organizer (tests/test_url_matrix.py
checks that every URL name of the project is in some matrix)."""

import pytest

from campaigns import tokens
from campaigns import urls as campaign_urls
from campaigns.models import Adoption, Post

from .conftest import MATRIX

LOGIN = "/accounts/login/"


def test_every_campaign_url_is_in_the_matrix():
    names = {pattern.name for pattern in campaign_urls.urlpatterns}
    assert names == set(MATRIX)


@pytest.fixture
def owned(volunteer, prisoner, make_prisoner):
    supported = make_prisoner(name="Supported Case")
    Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role="defender")
    Adoption.objects.create(volunteer=volunteer, prisoner=supported, role="supporter")
    post = Post.objects.create(
        volunteer=volunteer, prisoner=prisoner, platform="x", link="https://x.com/a/status/1"
    )
    return {
        "post": post.pk,
        "defended": prisoner.slug,
        "supported": supported.slug,
        "log_token": tokens.make(tokens.LOG_POST, volunteer, p=prisoner.pk),
        "pause_token": tokens.make(tokens.PAUSE, volunteer),
        "unsubscribe_token": tokens.make(tokens.UNSUBSCRIBE, volunteer),
    }


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_access(client, volunteer, other_volunteer, organizer, owned, name):
    path, anonymous, owner, other = MATRIX[name]
    url = path.format(**owned)

    response = client.get(url)
    assert response.status_code == anonymous
    if anonymous == 302:
        assert response["Location"].startswith(LOGIN)

    client.force_login(volunteer)
    check(client.get(url), owner)

    client.force_login(other_volunteer)
    check(client.get(url), other)

    # An organizer is, here, one more other volunteer: no way into anyone's posts.
    client.force_login(organizer)
    check(client.get(url), other)


def check(response, expected) -> None:
    """`expected` is a status code, or "302 <prefix>" for a redirect to <prefix>."""
    code, _, prefix = str(expected).partition(" ")
    assert response.status_code == int(code)
    assert response.get("Location", "").startswith(prefix)
