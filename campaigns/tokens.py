"""Signed links in emails: each token serves one purpose for one volunteer.

The salt names the purpose, so a "pause" token cannot be replayed as a "log a post"
token; tokens expire (unsubscribe links excepted: RFC 8058 asks that they keep
working). Nothing is stored: the signature is the proof.

A token names its volunteer by `User.link_id`, a random id, never by the sequential
primary key: a signed payload is signed, not encrypted, and anyone holding the link can
base64-decode it (issue 11, point 9).
"""

import datetime
import uuid

from django.conf import settings
from django.core import signing

from advocacy.models import LINK_ID_HEX

LOG_POST = "campaigns.reminder.log-post"
PAUSE = "campaigns.reminder.pause"
UNSUBSCRIBE = "campaigns.reminder.unsubscribe"

# Tokens made before link ids named the volunteer by primary key ({"v": 42}). They are
# still honoured, so that no link of the emails already sent broke with the change: "log
# a post" and "pause" ones until they expire anyway (REMINDER_LINK_MAX_AGE_DAYS), the
# unsubscribe ones, which otherwise never expire, for a year after they were made; by
# then a volunteer still mailed holds newer ones. Delete LEGACY_MAX_AGE and `_legacy_pk`
# a year after the release that added `User.link_id` (migration advocacy 0004) is deployed.
LEGACY_MAX_AGE = datetime.timedelta(days=365)


class BadToken(Exception):
    """Tampered, expired, or made for another purpose."""


def make(purpose: str, volunteer, **extra) -> str:
    return signing.dumps({"v": volunteer.link_id.hex, **extra}, salt=purpose, compress=True)


def read(purpose: str, token: str) -> dict:
    max_age = None
    if purpose != UNSUBSCRIBE:
        max_age = datetime.timedelta(days=settings.REMINDER_LINK_MAX_AGE_DAYS)
    data = _loads(purpose, token, max_age)
    if not isinstance(data, dict):
        raise BadToken("malformed")
    if _legacy_pk(data) is not None:
        _loads(purpose, token, LEGACY_MAX_AGE)  # for unsubscribe: the others expire sooner
    elif not (isinstance(data.get("v"), str) and LINK_ID_HEX.fullmatch(data["v"])):
        raise BadToken("malformed")
    return data


def volunteer_lookup(data: dict) -> dict:
    """Filter arguments for the user a read token names."""
    if (pk := _legacy_pk(data)) is not None:
        return {"pk": pk}
    return {"link_id": uuid.UUID(hex=data["v"])}


def _legacy_pk(data: dict) -> int | None:
    value = data.get("v")
    return value if type(value) is int else None


def _loads(purpose: str, token: str, max_age):
    try:
        return signing.loads(token, salt=purpose, max_age=max_age)
    except signing.BadSignature as exc:  # SignatureExpired is a BadSignature too
        raise BadToken(str(exc)) from exc
