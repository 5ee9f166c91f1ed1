import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from prisoners.models import Prisoner


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (2400, 1600), "red")
    exif = Image.Exif()
    exif[0x010F] = "SpyCam Inc."  # Make
    gps = exif.get_ifd(0x8825)  # GPSInfo
    gps[1], gps[2] = "N", (39.0, 54.0, 0.0)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def test_organizers_search_prisoners_in_the_admin_by_pinyin(client, organizer, make_prisoner):
    make_prisoner(native_name="刘晓波")
    make_prisoner(native_name="吴淦")
    client.force_login(organizer)
    response = client.get("/admin/prisoners/prisoner/", {"q": "liuxiaobo"})
    assert response.status_code == 200
    assert [p.native_name for p in response.context["cl"].result_list] == ["刘晓波"]


def _form_data(**overrides) -> dict:
    data = {
        "native_name": "许志永",
        "status": "sentenced",
        "priority": "0",
        "birth_date_precision": "day",
        "death_date_precision": "day",
        "detained_on_precision": "day",
        "sentenced_on_precision": "day",
        "sentence_end_precision": "day",
        "is_published": "on",
        "hashtag": "#FreeXuZhiyong",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
        "sources-TOTAL_FORMS": "0",
        "sources-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_an_uploaded_photo_is_reencoded_without_metadata(client, organizer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(organizer)
    original = _jpeg_with_gps()
    assert b"SpyCam" in original
    upload = SimpleUploadedFile("me.jpg", original, content_type="image/jpeg")
    response = client.post("/admin/prisoners/prisoner/add/", _form_data(photo=upload))
    assert response.status_code == 302, response.context["adminform"].form.errors
    prisoner = Prisoner.objects.get()
    assert prisoner.slug == "xu-zhiyong"
    assert prisoner.hashtag == "FreeXuZhiyong"
    with Image.open(prisoner.photo.path) as saved:
        assert saved.format == "JPEG"
        assert max(saved.size) == 1200
        assert not saved.getexif()
    assert b"SpyCam" not in prisoner.photo.read()


def test_a_file_that_is_not_an_image_is_refused_clearly(client, organizer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(organizer)
    upload = SimpleUploadedFile("x.jpg", b"<?php evil(); ?>", content_type="image/jpeg")
    response = client.post("/admin/prisoners/prisoner/add/", _form_data(photo=upload))
    assert response.status_code == 200
    assert "photo" in response.context["adminform"].form.errors
    assert not Prisoner.objects.exists()


def test_a_date_of_death_needs_the_status_died(client, organizer):
    client.force_login(organizer)
    response = client.post("/admin/prisoners/prisoner/add/", _form_data(death_date="2020-01-01"))
    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
