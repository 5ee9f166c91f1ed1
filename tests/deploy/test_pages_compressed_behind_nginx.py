"""What gunicorn answers, nginx compresses for browsers that take gzip: pages, and the
JSON and JavaScript the app writes itself (the web app manifest, the service worker)."""

import gzip

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    ("path", "start"),
    [("/", b"<!doctype html>"), ("/manifest.webmanifest", b"{"), ("/sw.js", b"")],
)
def test_answers_from_the_app_are_sent_gzipped(stack, path, start):
    response = stack.get(path, headers={"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.getheader("Content-Encoding") == "gzip"
    assert "Accept-Encoding" in response.getheader("Vary")
    assert gzip.decompress(response.body).lstrip().startswith(start)
    assert stack.reached_gunicorn(path)


def test_a_browser_without_gzip_gets_plain_html(stack):
    response = stack.get("/")
    assert response.getheader("Content-Encoding") is None
    assert b"<html" in response.body
