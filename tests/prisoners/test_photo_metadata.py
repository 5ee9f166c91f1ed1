"""Issue 11, point 3: a stored photo carries pixels only. A comment, EXIF, XMP, a colour
profile or a PNG text chunk can name who supplied the photo or where it was taken."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms
from PIL.PngImagePlugin import PngInfo

from prisoners.models import Prisoner

from .test_admin import _form_data

SECRET = "Supplied by Zhang Wei, Chengdu"
# A JPEG's own header (APP0 "JFIF", with its pixel density) is all a stored file may carry.
JFIF_ONLY = {"jfif", "jfif_version", "jfif_unit", "jfif_density"}


def _exif_with_gps() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010E] = SECRET  # ImageDescription
    gps = exif.get_ifd(0x8825)  # GPSInfo
    gps[1], gps[2] = "N", (30.0, 39.0, 0.0)
    return exif


def _png_text() -> PngInfo:
    text = PngInfo()
    text.add_text("Author", SECRET)  # tEXt
    text.add_itxt("Comment", SECRET)  # iTXt
    return text


def _image(fmt: str, **metadata) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (180, 40, 40)).save(buffer, format=fmt, **metadata)
    return buffer.getvalue()


UPLOADS = {
    "jpeg-comment": lambda: _image("JPEG", comment=SECRET.encode()),
    "jpeg-exif-gps-xmp-icc": lambda: _image(
        "JPEG",
        exif=_exif_with_gps(),
        xmp=f"<x:xmpmeta><dc:creator>{SECRET}</dc:creator></x:xmpmeta>".encode(),
        icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(),
    ),
    "png-text": lambda: _image("PNG", pnginfo=_png_text()),
    "gif-comment": lambda: _image("GIF", comment=SECRET.encode()),
}


@pytest.mark.parametrize("kind", UPLOADS)
def test_a_stored_photo_carries_pixels_only(kind, client, organizer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    original = UPLOADS[kind]()
    with Image.open(io.BytesIO(original)) as image:  # the upload really carries the secret
        image.load()
        assert SECRET.encode() in original or SECRET in str(image.info)
    client.force_login(organizer)
    upload = SimpleUploadedFile("from-zhang-wei.jpg", original, content_type="image/jpeg")
    response = client.post("/admin/prisoners/prisoner/add/", _form_data(photo=upload))
    assert response.status_code == 302, response.context["adminform"].form.errors
    stored = Prisoner.objects.get().photo
    with Image.open(stored.path) as saved:
        assert set(saved.info) <= JFIF_ONLY
        assert not saved.getexif()
        assert saved.getpixel((10, 10)) == pytest.approx((180, 40, 40), abs=3)
    raw = stored.read()
    assert SECRET.encode() not in raw and b"Zhang" not in raw
