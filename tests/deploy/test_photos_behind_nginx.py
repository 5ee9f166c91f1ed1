"""nginx serves prisoners' photos from MEDIA_ROOT, and exactly the files the app would
serve (advocacy/urls.py): a JPEG under a random name in prisoners/. Nothing else kept
in MEDIA_ROOT is reachable."""

import secrets

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_photo_is_served_by_nginx(stack):
    photos = stack.var / "media" / "prisoners"
    photos.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}.jpg"
    (photos / name).write_bytes(b"\xff\xd8\xff\xe0 a JPEG")
    response = stack.get(f"/media/prisoners/{name}")
    assert (response.status, response.body) == (200, b"\xff\xd8\xff\xe0 a JPEG")
    assert response.getheader("Content-Type") == "image/jpeg"
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Cache-Control") == "public, max-age=3600"
    assert stack.never_reached_gunicorn(f"/media/prisoners/{name}")


@pytest.mark.parametrize("name", ["export.csv", "prisoners/notes.txt", "prisoners/ab12.jpg"])
def test_other_files_in_media_root_are_not_served(stack, name):
    (stack.var / "media" / name).parent.mkdir(parents=True, exist_ok=True)
    (stack.var / "media" / name).write_text("private")
    assert stack.get(f"/media/{name}").status == 404
