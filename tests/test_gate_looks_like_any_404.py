"""The organizers' gate answers exactly like an unknown address (issue 11, point 6).

A visitor or a volunteer must not tell /organize/ or /admin/ from a page that does not
exist: not by the status (no 301 to the slashed address), not by the headers (the gate's
404 wears the same security headers), not by the page itself.
"""

import re

import pytest

# Each gated address, beside an unknown one of the same shape (slash or none).
GATED = {
    "/organize/": "/no-such-page/",
    "/organize": "/no-such-page",
    "/organize/volunteers": "/no-such-page",
    "/organize/export/prisoners.csv": "/no-such-page",
    "/admin/": "/no-such-page/",
    "/admin": "/no-such-page",
    "/admin/login/": "/no-such-page/",
    "/admin/login": "/no-such-page",
}
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def answer(client, path: str) -> tuple:
    """What a reader can compare: the status, the header names and the page, with the
    address itself (echoed by the language switcher) and the CSRF token taken out."""
    response = client.get(path)
    page = CSRF_TOKEN.sub("csrf", response.content.decode())
    page = page.replace(f'value="{path}"', 'value="PATH"')
    return response.status_code, sorted(response.headers), page


@pytest.mark.parametrize("who", ["visitor", "volunteer"])
def test_the_gate_answers_like_an_unknown_address(client, volunteer, who):
    if who == "volunteer":
        client.force_login(volunteer)
    for gated, unknown in GATED.items():
        expected = answer(client, unknown)
        assert expected[0] == 404
        assert answer(client, gated) == expected, gated


def test_the_gates_404_wears_the_security_headers(client, db):
    response = client.get("/organize/")
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def test_organizers_still_get_the_slash_added(client, organizer):
    client.force_login(organizer)
    for path in ("/organize", "/admin", "/organize/audit"):
        response = client.get(path)
        assert (response.status_code, response["Location"]) == (301, f"{path}/")
