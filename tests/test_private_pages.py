"""A person's own pages are kept by no browser cache and no proxy (issue 11, point 8);
the public pages stay cacheable, for the anonymous page cache and for proxies."""

import pytest

from campaigns.models import Adoption

from .conftest import reauthenticate

PERSONAL = [
    "/me/",
    "/me/posts/",
    "/me/hand-back/",
    "/me/settings/",
    "/me/settings/export/",
    "/me/settings/delete/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/reauthenticate/",
    "/accounts/2fa/",
]
PUBLIC = ["/", "/prisoners/", "/prisoners/{slug}/", "/find/"]


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


@pytest.mark.parametrize("url", PERSONAL)
def test_personal_pages_are_private_and_never_stored(client, volunteer, prisoner, url):
    Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role="defender")
    client.force_login(volunteer)
    reauthenticate(client)
    response = client.get(url)
    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_control(response)


def test_the_sign_in_redirect_and_the_organizers_pages_are_not_stored_either(client, organizer):
    assert {"private", "no-store"} <= cache_control(client.get("/me/"))  # 302 to sign in
    client.force_login(organizer)
    response = client.get("/organize/")
    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_control(response)


@pytest.mark.parametrize("url", PUBLIC)
def test_public_pages_are_not_marked_private(client, volunteer, prisoner, url):
    url = url.format(slug=prisoner.slug)
    for who in (None, volunteer):
        if who:
            client.force_login(who)
        response = client.get(url)
        assert response.status_code == 200
        assert not {"private", "no-store"} & cache_control(response)


def test_the_page_cache_still_keeps_public_pages(client, prisoner, settings):
    settings.PAGE_CACHE_SECONDS = 60
    client.get("/prisoners/")
    assert client.get("/prisoners/")["X-Page-Cache"] == "hit"
