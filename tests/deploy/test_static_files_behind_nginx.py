"""nginx serves collectstatic's files itself: the .gz beside each (whitenoise's storage
writes them) to browsers that take gzip, and files named by their content's hash with a
year's caching. gunicorn never sees these requests."""

import gzip
import json

import pytest

from tests.deploy.stack import PROJECT

pytestmark = pytest.mark.django_db(transaction=True)

STATIC = PROJECT / "var" / "static"


def hashed_css() -> tuple[str, str]:
    paths = json.loads((STATIC / "staticfiles.json").read_text())["paths"]
    name = next(name for name in sorted(paths) if name.endswith(".css"))
    return name, paths[name]


def test_a_hashed_file_is_kept_a_year_and_sent_compressed(stack):
    _name, hashed = hashed_css()
    response = stack.get(f"/static/{hashed}", headers={"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.getheader("Cache-Control") == "public, max-age=31536000, immutable"
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Content-Encoding") == "gzip"
    assert response.body == (STATIC / f"{hashed}.gz").read_bytes()  # gzip_static
    assert gzip.decompress(response.body) == (STATIC / hashed).read_bytes()
    assert stack.never_reached_gunicorn(f"/static/{hashed}")


def test_a_file_without_a_hash_is_kept_an_hour(stack):
    name, _hashed = hashed_css()
    response = stack.get(f"/static/{name}")
    assert response.status == 200
    assert response.getheader("Cache-Control") == "public, max-age=3600"
    assert response.getheader("Content-Encoding") is None
    assert response.body == (STATIC / name).read_bytes()
