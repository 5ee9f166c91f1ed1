"""nginx takes uploads as large as the app's largest (an organizers' CSV import) and
answers 413 itself to anything larger, before gunicorn reads a byte of it."""

import re
import secrets

import pytest
from django.conf import settings

from campaigns.organize.data_forms import MAX_UPLOAD_BYTES
from tests.deploy.stack import DEPLOY, SITE

pytestmark = pytest.mark.django_db(transaction=True)

PATH = "/organize/import/"


def nginx_limit() -> int:
    (megabytes,) = re.findall(r"client_max_body_size (\d+)m;", (DEPLOY / "nginx.conf").read_text())
    return int(megabytes) * 1024 * 1024


def multipart(size: int) -> tuple[bytes, str]:
    """A form with one CSV file of `size` bytes, as a browser sends it."""
    boundary = secrets.token_hex(16)
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        'filename="prisoners.csv"\r\nContent-Type: text/csv\r\n\r\n'
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    return head + b"x" * size + tail, f"multipart/form-data; boundary={boundary}"


def test_the_largest_upload_the_app_takes_reaches_it(stack):
    assert MAX_UPLOAD_BYTES >= settings.PHOTO_MAX_BYTES
    body, kind = multipart(MAX_UPLOAD_BYTES)
    path = f"{PATH}?largest"
    response = stack.request("POST", path, body=body, headers={"Content-Type": kind})
    assert response.status != 413
    assert stack.reached_gunicorn(path)
    # and not much more: past the app's own limit (and its form's few bytes) the app
    # would only refuse the file after reading it all.
    assert nginx_limit() <= MAX_UPLOAD_BYTES + 2 * 1024 * 1024


def test_a_larger_one_gets_413_from_nginx(stack):
    path = f"{PATH}?too-large"
    connection = stack.connect()
    try:
        connection.putrequest("POST", path, skip_host=True)
        connection.putheader("Host", SITE)
        connection.putheader("Content-Type", "text/csv")
        connection.putheader("Content-Length", str(nginx_limit() + 1))
        connection.endheaders()  # nginx answers from the headers alone
        response = connection.getresponse()
        assert response.status == 413
    finally:
        connection.close()
    assert stack.never_reached_gunicorn(path)
