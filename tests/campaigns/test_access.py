"""Who may open which campaign URL (S4, S5): every URL name of the app is in the matrix,
tried as anonymous, the owner, another volunteer and an organizer (tests/test_url_matrix.py
checks that every URL name of the project is in some matrix)."""

import pytest

from campaigns import tokens
from campaigns import urls as campaign_urls
from campaigns.models import Adoption, Post

LOGIN = "/accounts/login/"

# name -> (path template, anonymous GET, volunteer GET, other volunteer GET)
# 302 = sent to sign in; the owner sees their own objects, anyone else gets 404.
MATRIX = {
    "me": ("/me/", 302, 200, 200),
    "posts": ("/me/posts/", 302, 200, 200),
    "delete_post": ("/me/posts/{post}/delete/", 302, 200, 404),
    "hand_back": ("/me/hand-back/", 302, 200, 404),
    "stop_supporting": ("/me/supporting/{supported}/stop/", 302, 200, 404),
    "settings": ("/me/settings/", 302, 200, 200),
    "export": ("/me/settings/export/", 302, 200, 200),
    "delete_account": ("/me/settings/delete/", 302, 200, 200),
    "find": ("/find/", 200, 200, 200),
    "defend": ("/prisoners/{defended}/defend/", 405, 405, 405),
    "support": ("/prisoners/{supported}/support/", 405, 405, 405),
    "address_works": ("/me/settings/address-works/", 302, 405, 405),
    # Signed links from emails: the token, not the session, says who; GET changes nothing.
    "log_post_by_link": ("/r/post/{log_token}/", 200, 200, 200),
    "pause": ("/r/pause/{pause_token}/", 200, 200, 200),
    "unsubscribe": ("/r/unsubscribe/{unsubscribe_token}/", 200, 200, 200),
}


def test_every_campaign_url_is_in_the_matrix():
    names = {pattern.name for pattern in campaign_urls.urlpatterns}
    assert names == set(MATRIX)


@pytest.fixture
def owned(volunteer, prisoner, make_prisoner):
    supported = make_prisoner(name="Supported Case")
    Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role="defender")
    Adoption.objects.create(volunteer=volunteer, prisoner=supported, role="supporter")
    post = Post.objects.create(volunteer=volunteer, prisoner=prisoner, platform="x")
    return {
        "post": post.pk,
        "defended": prisoner.slug,
        "supported": supported.slug,
        "log_token": tokens.make(tokens.LOG_POST, volunteer.pk, p=prisoner.pk),
        "pause_token": tokens.make(tokens.PAUSE, volunteer.pk),
        "unsubscribe_token": tokens.make(tokens.UNSUBSCRIBE, volunteer.pk),
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
    assert client.get(url).status_code == owner

    client.force_login(other_volunteer)
    assert client.get(url).status_code == other

    # An organizer is, here, one more other volunteer: no way into anyone's posts.
    client.force_login(organizer)
    assert client.get(url).status_code == other
