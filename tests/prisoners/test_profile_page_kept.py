"""A profile read by someone not signed in is kept whole, from base.html down
(prisoners/profile.py anonymous_page, wholepage.py), under the parts' key and the page's
own version; only the address the language switcher leads back to is each reader's own.
The changes a profile shows are checked for both kinds of reader in test_profile_parts.py."""

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.test import Client, RequestFactory

from prisoners import fragments, wholepage

from ..conftest import defend

pytestmark = pytest.mark.django_db

NEXT = re.compile(r'name="next" value="([^"]*)"')


def _page(client, prisoner, query: str = "") -> str:
    response = client.get(prisoner.get_absolute_url() + query)
    assert response.status_code == 200
    return response.content.decode()


def _kept_pages() -> list:
    return list(cache._cache.get_client().keys("*profilewhole*"))


def test_the_kept_page_is_the_page_drawn_for_each_request(
    client, prisoner, settings, django_assert_num_queries
):
    query = '?from="<b>"&x=1'
    with django_assert_num_queries(3):  # the prisoner; the timeline and sources to draw
        drawn = client.get(prisoner.get_absolute_url() + query)
    assert len(_kept_pages()) == 1
    with django_assert_num_queries(1):  # the prisoner: the versions in the key
        kept = client.get(prisoner.get_absolute_url() + query)
    fragments.forget_recent()
    from_cache = client.get(prisoner.get_absolute_url() + query)
    settings.DEBUG = True  # nothing kept: base.html and the parts drawn for this request
    fresh = client.get(prisoner.get_absolute_url() + query)
    assert drawn.content == kept.content == from_cache.content == fresh.content
    assert sorted(kept.headers.items()) == sorted(fresh.headers.items())
    assert kept.cookies.keys() == fresh.cookies.keys()
    # The way back, escaped, once: in the language switcher.
    assert NEXT.findall(kept.content.decode()) == ["/prisoners/wu-gan/?from=%22%3Cb%3E%22&amp;x=1"]


def test_each_reader_is_led_back_to_their_own_address(client, prisoner):
    _page(client, prisoner, "?first=1")
    second = _page(client, prisoner, "?second=2")
    assert len(_kept_pages()) == 1
    assert 'name="next" value="/prisoners/wu-gan/?second=2"' in second
    assert "first=1" not in second
    # The mark in an address the reader typed is only their address.
    forged = _page(client, prisoner, f"?x={wholepage.NEXT_MARK}")
    assert NEXT.findall(forged) == ["/prisoners/wu-gan/?x=%3C!--page-next--%3E"]
    assert str(wholepage.NEXT_MARK) not in forged


def test_the_buttons_follow_the_defence(client, prisoner, volunteer):
    assert "Join to defend them" in _page(client, prisoner)
    defend(volunteer, prisoner)  # the prisoner's row is not written
    html = _page(client, prisoner)
    assert "Join to support the case" in html and "Join to defend them" not in html


def test_nothing_of_a_signed_in_reader_is_kept_whole(client, prisoner, volunteer):
    signed_in = Client()
    signed_in.force_login(volunteer)
    assert "Sign out" in _page(signed_in, prisoner)
    assert _kept_pages() == []
    anonymous = _page(client, prisoner)
    assert "Sign out" not in anonymous and "csrfmiddlewaretoken" not in anonymous
    assert "Support the case" in _page(signed_in, prisoner)  # the form, theirs alone
    for key in _kept_pages():
        kept = "".join(cache.get(key.decode().split(":", 2)[2]))
        assert "csrf" not in kept.lower() and "Sign out" not in kept


def test_a_reader_with_a_message_sees_it(client, prisoner):
    _page(client, prisoner)
    storage = CookieStorage(RequestFactory().get("/"))
    client.cookies["messages"] = storage._encode([Message(constants.INFO, "Welcome back")])
    assert "Welcome back" in _page(client, prisoner)
    assert "Welcome back" not in _page(client, prisoner)  # shown once, as always


def test_each_language_has_its_own_page(client, prisoner):
    english = _page(client, prisoner)
    client.cookies["django_language"] = "zh-hant"
    traditional = _page(client, prisoner)
    assert '<html lang="en"' in english and '<html lang="zh-hant"' in traditional
    assert "吳淦" in traditional
    assert len(_kept_pages()) == 2


def test_the_sites_name_shows_at_once(client, prisoner, settings):
    assert str(settings.CAMPAIGN_NAME) in _page(client, prisoner)
    settings.CAMPAIGN_NAME = "Another Campaign"
    assert "Another Campaign" in _page(client, prisoner)


def test_a_deploy_of_translations_or_header_code_retires_the_kept_pages(monkeypatch, tmp_path):
    # A whole page holds the header and footer: what words them (the compiled
    # translations, chrome.py, the context processors) is in its version, not only the
    # templates, else a deploy would show the old header for a week.
    wholepage.page_version.cache_clear()
    before = wholepage.page_version()
    monkeypatch.setattr(fragments, "code_version", lambda: "translations-of-the-next-deploy")
    wholepage.page_version.cache_clear()
    after_translations = wholepage.page_version()
    assert after_translations != before
    (tmp_path / "advocacy" / "templatetags").mkdir(parents=True)
    chrome = tmp_path / "advocacy" / "templatetags" / "chrome.py"
    chrome.write_text("# the header's code, one version")
    monkeypatch.setattr(wholepage, "ROOT", tmp_path)
    wholepage.page_version.cache_clear()
    one = wholepage.page_version()
    chrome.write_text("# the header's code, the next version")
    wholepage.page_version.cache_clear()
    assert wholepage.page_version() != one
    wholepage.page_version.cache_clear()
