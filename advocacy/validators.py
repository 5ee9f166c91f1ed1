"""What a display name may hold: a pseudonym, never a link and never hidden text.

A display name is printed in the campaign's own emails. Mail clients turn anything that
looks like an address into a link, so a name like "act now: https://evil.example/verify"
would put an attacker's link in a message signed by the campaign. Invisible characters
(zero-width and text-direction controls) can hide or reorder such text.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Dots that IDNA (and so mail clients) read as the dot of a host name.
_DOT = r"[.\u3002\uff0e\uff61]"
_LOOKS_LIKE_AN_ADDRESS = re.compile(
    r"://"  # any scheme
    r"|\bwww" + _DOT + r"|"  # www.
    r"\S@\S"  # an email address, or user@host in a link
    r"|\w[\w-]*" + _DOT + r"[^\W\d_][\w-]+",  # evil.example; not "A. B." (space after dot)
    re.IGNORECASE,
)


def validate_display_name(name: str) -> None:
    # Cf holds every bidi control (U+202A-E, U+2066-9, U+200E/F, U+061C) and every
    # zero-width one (U+200B-D, U+2060, U+FEFF); Cc the line breaks and other controls.
    if any(unicodedata.category(char) in ("Cf", "Cc") for char in name):
        raise ValidationError(
            _("A display name cannot contain invisible or text-direction characters."),
            code="hidden_characters",
        )
    if _LOOKS_LIKE_AN_ADDRESS.search(name):
        raise ValidationError(
            _("A display name cannot contain a web or email address."), code="address"
        )


def clean_display_name(raw: str) -> str:
    """What the sign-up and the settings forms store: trimmed, non-empty, validated."""
    name = raw.replace("\x00", "").strip()
    if not name:
        raise ValidationError(_("Choose a display name; a pseudonym is fine."), code="required")
    validate_display_name(name)
    return name


def name_for_email(name: str) -> str:
    """A name as an email may print it: a name stored before validation existed that
    would not pass it now is left out (the greeting falls back to "Hello,")."""
    try:
        validate_display_name(name)
    except ValidationError:
        return ""
    return name
