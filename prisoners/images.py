"""Photos are re-encoded on upload: whatever was inside the file (EXIF, GPS, XMP, a
comment naming who supplied it, a camera's serial number, a payload) does not survive,
only the pixels do."""

import io
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

MAX_SIDE = 1200
MAX_PIXELS = 40_000_000
# Stored names are random, never the slug or the uploaded name: a photo's URL cannot be
# guessed from who it shows, and a replaced photo's old URL cannot be found again.
NAME_BYTES = 16  # 128 bits
SRGB = ImageCms.createProfile("sRGB")


def reencode_photo(upload) -> ContentFile:
    """A clean JPEG (at most MAX_SIDE pixels a side) from an uploaded image, or ValidationError."""
    if upload.size > settings.PHOTO_MAX_BYTES:
        raise ValidationError(
            _("The photo is too large (%(size)s); the limit is %(limit)s.")
            % {
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.PHOTO_MAX_BYTES),
            }
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(_("The photo has too many pixels."))
            image.load()
            # Apply the camera's rotation before the EXIF that carries it is dropped.
            image = in_srgb(ImageOps.exif_transpose(image))
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            _("This file is not an image we can read (JPEG, PNG, WebP or GIF).")
        ) from exc
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    buffer = io.BytesIO()
    # Pillow writes a JPEG comment from `info` unasked; a new image made from the pixels
    # alone has no `info`, so the file carries no comment, EXIF, XMP or ICC profile.
    pixels_only = Image.frombytes("RGB", image.size, image.tobytes())
    pixels_only.save(buffer, format="JPEG", quality=85, optimize=True)
    return ContentFile(buffer.getvalue(), name=f"{secrets.token_hex(NAME_BYTES)}.jpg")


def in_srgb(image: Image.Image) -> Image.Image:
    """RGB pixels in sRGB, so that dropping the embedded colour profile keeps colours right."""
    if image.mode not in ("RGB", "L", "CMYK"):
        image = image.convert("RGB")
    if profile := image.info.get("icc_profile"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            return ImageCms.profileToProfile(image, source, SRGB, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # an unreadable profile, or one for other pixels: keep the values as they are
    return image.convert("RGB")
