"""The header and footer, drawn once per kind of page and kept (advocacy/templatetags/
chrome.py): each request still gets its own CSRF token, its own way back in the language
switcher, its own current menu item, and the menu its account may see."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from advocacy.templatetags import chrome
from campaigns.models import VolunteerSettings

pytestmark = pytest.mark.django_db

HEADER = "_partials/_header.html"


@pytest.fixture(autouse=True)
def _kept(settings):
    settings.PAGE_CACHE_SECONDS = 0
    chrome.forget()
    yield
    chrome.forget()


def _drawn(response) -> list[str]:
    return [t.name for t in response.templates if t.name in (HEADER, "_partials/_footer.html")]


def _header(response) -> str:
    html = response.content.decode()
    return html[html.index("<header>") : html.index("</header>")]


def test_the_header_and_footer_are_drawn_once_then_kept(client, prisoner):
    assert _drawn(client.get("/prisoners/")) == [HEADER, "_partials/_footer.html"]
    assert _drawn(client.get("/prisoners/")) == []
    assert _drawn(client.get(prisoner.get_absolute_url())) == [HEADER]  # another item current
    client.cookies["django_language"] = "zh-hans"
    page = client.get("/prisoners/")
    assert _drawn(page) == [HEADER, "_partials/_footer.html"]
    assert "找一位政治犯来守护" in _header(page)


def test_style_sheets_icons_and_scripts_are_drawn_once(client):
    first = client.get("/")
    assert {"_partials/_assets.html", "_partials/_scripts.html"} <= {
        t.name for t in first.templates
    }
    again = client.get("/prisoners/")
    assert not {"_partials/_assets.html", "_partials/_scripts.html"} & {
        t.name for t in again.templates
    }
    html = again.content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest"' in html or 'rel="manifest"' in html
    assert html.count("<script src=") >= 2 and "bootstrap.bundle.min.js" in html


def test_with_debug_on_nothing_is_kept(client, settings):
    settings.DEBUG = True
    client.get("/")
    assert _drawn(client.get("/")) == [HEADER, "_partials/_footer.html"]


def test_each_signed_in_reader_gets_a_working_token_of_their_own(volunteer, other_volunteer):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(volunteer)
    second.force_login(other_volunteer)
    tokens = []
    for client in (first, second):
        header = _header(client.get("/me/"))
        found = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', header)
        assert len(found) == 2 and chrome.CSRF_MARK not in header  # sign-out and languages
        tokens.append(found[0])
        # The token signs this reader out: it is theirs and it works.
        signed_out = client.post("/accounts/logout/", {"csrfmiddlewaretoken": found[0]})
        assert signed_out.status_code == 302
        assert client.get("/me/").status_code == 302
    assert tokens[0] != tokens[1]


def test_visitors_get_no_token_and_their_own_escaped_way_back(client):
    header = _header(client.get("/prisoners/?q=o'wang&page=1"))
    assert "csrfmiddlewaretoken" not in header
    assert 'name="next" value="/prisoners/?q=o&#x27;wang&amp;page=1"' in header
    assert chrome.NEXT_MARK not in header
    other = _header(client.get("/"))
    assert 'name="next" value="/"' in other


def test_the_current_item_and_the_menu_follow_the_page_and_the_account(
    client, volunteer, organizer
):
    client.force_login(volunteer)
    me = _header(client.get("/me/"))
    assert re.search(r'aria-current="page" href="/me/"', me)
    assert "/organize/" not in me
    settings_page = _header(client.get("/me/settings/"))
    assert re.search(r'aria-current="page" href="/me/settings/"', settings_page)
    assert not re.search(r'aria-current="page" href="/me/"', settings_page)
    client.force_login(organizer)
    assert 'href="/organize/"' in _header(client.get("/me/"))


def test_the_refused_address_banner_is_read_with_the_user(client, volunteer):
    VolunteerSettings.objects.create(volunteer=volunteer, undeliverable_at=timezone.now())
    client.force_login(volunteer)
    client.get("/prisoners/")
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/prisoners/")
    # One query reads the user, their organizer flag and the refused address.
    (read,) = [q["sql"] for q in queries if "campaigns_volunteersettings" in q["sql"]]
    assert 'FROM "advocacy_user"' in read and "organizer_flag" in read
    assert "refused by your mail server" in page.content.decode()
    assert page.context["delivery_problem"]
    VolunteerSettings.objects.filter(volunteer=volunteer).update(undeliverable_at=None)
    assert "refused by your mail server" not in client.get("/prisoners/").content.decode()
