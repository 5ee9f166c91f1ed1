"""Photos are re-encoded on upload: whatever was inside the file (EXIF, GPS, a
camera's serial number, a payload) does not survive, only the pixels do."""

import io
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_SIDE = 1200
MAX_PIXELS = 40_000_000


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
            image = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            _("This file is not an image we can read (JPEG, PNG, WebP or GIF).")
        ) from exc
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    buffer = io.BytesIO()
    # Saving a fresh image with no `exif=` argument writes no metadata at all.
    image.save(buffer, format="JPEG", quality=85, optimize=True)
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.jpg")
