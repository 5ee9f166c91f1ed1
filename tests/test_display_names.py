"""What a display name may hold (issue 11, point 2): never a link, never hidden text."""

import pytest
from django.core.exceptions import ValidationError

from advocacy.validators import clean_display_name, name_for_email, validate_display_name

VALID = [
    "高兟",
    "张 展",
    "Mary-Jane O'Neil",
    "A. B.",
    "J.R.R. Tolkien",
    "Dr. Who",
    "约翰·史密斯",
    "Plum Blossom",
    "Ana María",
    "<script>alert(1)</script>",  # escaped wherever shown; not a link
]

ADDRESSES = [
    "act now: https://evil.example/verify",
    "https://evil.example",
    "hxxp://evil",
    "evil.example",
    "Visit EVIL.COM today",
    "www.evil",
    "例子。中国",  # an ideographic full stop is a dot to IDNA
    "evil．example",
    "me@evil.example",
    "write to x@y",
]

HIDDEN = [
    "Lotus\u202e",  # right-to-left override
    "\u202aLotus",
    "Lo\u2066tus\u2069",
    "Lotus\u200e",
    "Lotus\u200f",
    "Lotus\u061c",
    "Lo\u200btus",  # zero-width space
    "Lo\u200ctus",
    "Lo\u200dtus",
    "Lo\u2060tus",
    "\ufeffLotus",
    "Eve\r\nBcc: victim",
]


@pytest.mark.parametrize("name", VALID)
def test_pseudonyms_and_chinese_names_are_valid(name):
    validate_display_name(name)
    assert name_for_email(name) == name


@pytest.mark.parametrize(
    ("name", "code"),
    [(name, "address") for name in ADDRESSES] + [(name, "hidden_characters") for name in HIDDEN],
)
def test_addresses_and_invisible_or_direction_controls_are_refused(name, code):
    with pytest.raises(ValidationError) as refused:
        validate_display_name(name)
    assert refused.value.code == code
    assert name_for_email(name) == ""


def test_clean_trims_and_refuses_blank_and_addresses():
    assert clean_display_name("  Lotus\x00 ") == "Lotus"
    for raw in [" ", "\x00", "evil.example"]:
        with pytest.raises(ValidationError):
            clean_display_name(raw)


def test_the_model_field_validates_too(make_user):
    user = make_user(display_name="Lotus")
    user.display_name = "evil.example"
    with pytest.raises(ValidationError) as refused:
        user.full_clean()
    assert "display_name" in refused.value.message_dict
