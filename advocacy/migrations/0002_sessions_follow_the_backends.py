"""The authentication backends moved to advocacy.access (they load the signed-in user
with their organizer flag). A session remembers the path of the backend that signed it
in, and Django ignores a session whose path is no longer configured: without this, a
deploy would sign everybody out. Unexpired sessions are rewritten to the new paths."""

import contextlib

from django.contrib.sessions.backends.cached_db import KEY_PREFIX
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache
from django.db import migrations
from django.utils import timezone

MOVED = {
    "django.contrib.auth.backends.ModelBackend": "advocacy.access.OrganizerAwareModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend": (
        "advocacy.access.OrganizerAwareAuthenticationBackend"
    ),
}
BACKEND_KEY = "_auth_user_backend"  # django.contrib.auth.BACKEND_SESSION_KEY


def rewrite(apps, moved: dict[str, str]) -> int:
    Session = apps.get_model("sessions", "Session")
    store = SessionStore()
    changed = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator(2000):
        data = store.decode(session.session_data)
        if data.get(BACKEND_KEY) in moved:
            data[BACKEND_KEY] = moved[data[BACKEND_KEY]]
            session.session_data = store.encode(data)
            changed.append(session)
    Session.objects.bulk_update(changed, ["session_data"], batch_size=1000)
    # Sessions are read from the cache first (advocacy/sessions.py): its copies of the
    # rewritten ones go, so that the table's new text is read. A cache that is down keeps
    # none worth forgetting.
    with contextlib.suppress(Exception):
        cache.delete_many([KEY_PREFIX + session.session_key for session in changed])
    return len(changed)


def forwards(apps, schema_editor):
    rewrite(apps, MOVED)


def backwards(apps, schema_editor):
    rewrite(apps, {new: old for old, new in MOVED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("advocacy", "0001_initial"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=True)]
