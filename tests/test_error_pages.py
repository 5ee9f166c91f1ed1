"""The site's own error pages, in the reader's language (DEBUG is off in tests)."""

from django.conf import settings


def test_an_unknown_address_gets_the_sites_404_page(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page and 'href="/prisoners/"' in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    assert "找不到页面" in client.get("/no-such-page/").content.decode()
