"""The organizers' import workflow: keep a previewed file, then import it once confirmed.

Until it is confirmed, the file waits in the shared cache (Redis), not on one machine's
disk, under a random name for at most IMPORT_MAX_AGE; the confirm form carries that name
signed, so that the confirmation imports exactly what was previewed, by whoever
previewed it, and can point nowhere else. Rows are saved whole or not at all, as the
importer does, and the import is on the audit log.
"""

import logging
import re
import secrets

from django.core import signing
from django.core.cache import cache
from django.db import transaction
from redis.exceptions import RedisError

from prisoners import importer

from ..audit import record
from ..models import AuditEntry

log = logging.getLogger(__name__)

# How long a previewed file waits for its confirmation.
IMPORT_MAX_AGE = 60 * 60
_SIGNING_SALT = "campaigns.organize.data.import"
_STASH_NAME = re.compile(r"[A-Za-z0-9_-]{32}")


class Expired(Exception):
    """The preview is gone: expired, already imported, not valid, or the cache is down."""


def keep(text: str, organizer, *, draft: bool, filename: str) -> str:
    """Keep a previewed file; returns the signed token its confirm form carries.

    Raises RedisError when the file cannot be kept.
    """
    name = _stash(text)
    return _sign(name, organizer, draft=draft, filename=filename)


def confirm(*, organizer, token: str) -> tuple[importer.ImportReport, str]:
    """Import the file a token points to, once; (the report, the file's name).

    Raises Expired, or importer.ImportFileError when the file cannot be read.
    """
    stash = _unsign(token, organizer)
    text = _take_stash(stash["f"]) if stash else None
    if text is None:
        raise Expired
    with transaction.atomic():
        report = importer.import_prisoners(text, publish=not stash["d"])
        record(
            organizer,
            AuditEntry.Action.IMPORT,
            stash["n"],
            after={
                "file": stash["n"],
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "warned": report.warned_lines,
                "refused": len(report.refused),
                "draft": stash["d"],
            },
        )
    return report, stash["n"]


STASH_PREFIX = "import-preview:"


def _stash(text: str) -> str:
    """Keep a previewed file until it is confirmed; returns its random name.

    It lives in the shared cache (Redis), not on this machine's disk: the confirmation
    may reach another web process or machine. It expires on its own after an hour.
    """
    name = secrets.token_urlsafe(24)  # 32 characters
    cache.set(STASH_PREFIX + name, text, IMPORT_MAX_AGE)
    return name


def _sign(name: str, user, *, draft: bool, filename: str) -> str:
    # The organizer by link id, like every signed payload (campaigns/tokens.py).
    payload = {"f": name, "u": user.link_id.hex, "d": draft, "n": filename[:100]}
    return signing.dumps(payload, salt=_SIGNING_SALT)


def _unsign(token: str, user) -> dict | None:
    """The stash a confirm form points to, if its signature, age and owner are right."""
    try:
        data = signing.loads(token, salt=_SIGNING_SALT, max_age=IMPORT_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired included
        return None
    if not isinstance(data, dict) or data.get("u") != user.link_id.hex:
        return None
    if not _STASH_NAME.fullmatch(str(data.get("f", ""))):
        return None
    return data


def _take_stash(name: str) -> str | None:
    """The stashed text, taken by one confirmation only (a double click imports once);
    None when it is gone, or out of reach while the cache is down."""
    key = STASH_PREFIX + name
    try:
        text = cache.get(key)
        # Of two confirmations at once, only the one whose delete removed the key imports.
        if text is None or not cache.delete(key):
            return None
    except RedisError:
        log.exception("the cache holding import previews is unreachable")
        return None
    return text
