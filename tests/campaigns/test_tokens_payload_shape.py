"""tokens.read refuses a payload that is validly signed but not the shape tokens.make makes."""

import pytest
from django.core import signing

from campaigns import tokens


@pytest.mark.parametrize(
    "payload",
    [
        [7],
        "7",
        7,
        None,
        {},
        {"p": 3},
        {"v": "7"},
        {"v": None},
        {"v": 7.0},
        {"v": True},
        {"v": "0" * 31},
        {"v": "A" * 32},
        {"v": "12345678-1234-1234-1234-123456789abc"},
    ],
    ids=repr,
)
def test_a_signed_payload_of_the_wrong_shape_is_a_bad_token(payload):
    token = signing.dumps(payload, salt=tokens.PAUSE, compress=True)
    with pytest.raises(tokens.BadToken, match="malformed"):
        tokens.read(tokens.PAUSE, token)


def test_a_token_made_here_reads_back_whole(volunteer):
    token = tokens.make(tokens.LOG_POST, volunteer, p=3)
    assert tokens.read(tokens.LOG_POST, token) == {"v": volunteer.link_id.hex, "p": 3}
