"""Issue 11, point 4: a replaced or deleted photo leaves /media/ once the change commits
(never before: a rollback keeps the current photo), and photos are served under random
names only."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from prisoners.images import reencode_photo
from prisoners.models import Prisoner

from .test_admin import _form_data
from .test_photo_metadata import _image


@pytest.fixture
def media_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _upload(name="xu-zhiyong-portrait.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, _image("JPEG"), content_type="image/jpeg")


@pytest.fixture
def with_photo(client, organizer, media_root, django_capture_on_commit_callbacks) -> Prisoner:
    client.force_login(organizer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/prisoners/prisoner/add/", _form_data(photo=_upload()))
    assert response.status_code == 302
    prisoner = Prisoner.objects.get()
    assert client.get(prisoner.photo.url).status_code == 200
    return prisoner


@pytest.mark.parametrize("change", [{"photo": "new"}, {"photo-clear": "on"}])
def test_a_replaced_or_cleared_photo_is_deleted_and_its_url_answers_404(
    change, client, with_photo, media_root, django_capture_on_commit_callbacks
):
    old_path, old_url = Path(with_photo.photo.path), with_photo.photo.url
    data = _form_data(slug=with_photo.slug, **change)
    if change.get("photo") == "new":
        data["photo"] = _upload()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/prisoners/prisoner/{with_photo.pk}/change/", data)
    assert response.status_code == 302
    assert not old_path.exists()
    assert client.get(old_url).status_code == 404
    with_photo.refresh_from_db()
    still_there = [with_photo.photo.name] if with_photo.photo else []
    assert [str(p.relative_to(media_root)) for p in media_root.rglob("*.jpg")] == still_there


def test_an_edit_that_keeps_the_photo_keeps_its_file(
    client, with_photo, django_capture_on_commit_callbacks
):
    data = _form_data(slug=with_photo.slug, summary="Sentenced to 14 years.")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/prisoners/prisoner/{with_photo.pk}/change/", data)
    assert response.status_code == 302
    assert Prisoner.objects.get().summary == "Sentenced to 14 years."
    assert client.get(with_photo.photo.url).status_code == 200


def test_deleting_the_prisoner_deletes_the_photo(
    client, with_photo, django_capture_on_commit_callbacks
):
    path, url = Path(with_photo.photo.path), with_photo.photo.url
    delete = f"/admin/prisoners/prisoner/{with_photo.pk}/delete/"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not Prisoner.objects.exists()
    assert not path.exists()
    assert client.get(url).status_code == 404


class Boom(Exception):
    pass


def test_a_rolled_back_change_keeps_the_photo(
    client, with_photo, django_capture_on_commit_callbacks
):
    path = Path(with_photo.photo.path)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(Boom), transaction.atomic():
            with_photo.photo = reencode_photo(_upload())
            with_photo.save()
            raise Boom
        with pytest.raises(Boom), transaction.atomic():
            Prisoner.objects.get().delete()
            raise Boom
    assert path.exists()
    assert client.get(Prisoner.objects.get().photo.url).status_code == 200


def test_a_file_another_prisoner_still_shows_is_kept(
    with_photo, make_prisoner, django_capture_on_commit_callbacks
):
    make_prisoner(native_name="吴淦", photo=with_photo.photo.name)
    with django_capture_on_commit_callbacks(execute=True):
        with_photo.delete()
    assert Path(Prisoner.objects.get().photo.path).exists()


def test_a_stored_name_is_random_not_the_slug_nor_the_uploaded_name(with_photo):
    name = with_photo.photo.name
    assert with_photo.slug not in name and "portrait" not in name
    stem = Path(name).stem
    assert re.fullmatch(r"[0-9a-f]{32,}", stem)  # 4 bits a digit: at least 128 bits
    # Every digit is random: a UUID4's fixed version and variant digits would leave 122.
    stems = [Path(reencode_photo(_upload()).name).stem for _ in range(64)]
    assert all(len({s[i] for s in stems}) > 1 for i in range(32))


def test_only_random_names_are_served_from_media(client, media_root):
    guessable = media_root / "prisoners" / "xu-zhiyong.jpg"
    guessable.parent.mkdir()
    guessable.write_bytes(_image("JPEG"))
    assert client.get("/media/prisoners/xu-zhiyong.jpg").status_code == 404
