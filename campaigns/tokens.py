"""Signed links in emails: each token serves one purpose for one volunteer.

The salt names the purpose, so a "pause" token cannot be replayed as a "log a post"
token; tokens expire (unsubscribe links excepted: RFC 8058 asks that they keep
working). Nothing is stored: the signature is the proof.
"""

import datetime

from django.conf import settings
from django.core import signing

LOG_POST = "campaigns.reminder.log-post"
PAUSE = "campaigns.reminder.pause"
UNSUBSCRIBE = "campaigns.reminder.unsubscribe"


class BadToken(Exception):
    """Tampered, expired, or made for another purpose."""


def make(purpose: str, volunteer_id: int, **extra) -> str:
    return signing.dumps({"v": volunteer_id, **extra}, salt=purpose, compress=True)


def read(purpose: str, token: str) -> dict:
    max_age = None
    if purpose != UNSUBSCRIBE:
        max_age = datetime.timedelta(days=settings.REMINDER_LINK_MAX_AGE_DAYS)
    try:
        data = signing.loads(token, salt=purpose, max_age=max_age)
    except signing.BadSignature as exc:  # SignatureExpired is a BadSignature too
        raise BadToken(str(exc)) from exc
    if not isinstance(data, dict) or not isinstance(data.get("v"), int):
        raise BadToken("malformed")
    return data
