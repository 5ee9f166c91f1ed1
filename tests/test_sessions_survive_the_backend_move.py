"""People signed in before the authentication backends moved stay signed in."""

import importlib

from django.apps import apps
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client

from advocacy.access import is_organizer

move = importlib.import_module("advocacy.migrations.0002_sessions_follow_the_backends")


def _old_session(user, backend: str) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = backend
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def _signed_in_as(session_key: str):
    client = Client()
    client.cookies["sessionid"] = session_key
    return client.get("/").wsgi_request.user


def test_a_session_of_the_old_backends_is_carried_over(volunteer, organizer):
    old = {
        volunteer: _old_session(volunteer, "allauth.account.auth_backends.AuthenticationBackend"),
        organizer: _old_session(organizer, "django.contrib.auth.backends.ModelBackend"),
    }
    assert not _signed_in_as(old[volunteer]).is_authenticated  # what a deploy would do

    assert move.rewrite(apps, move.MOVED) == 2

    assert _signed_in_as(old[volunteer]) == volunteer
    signed_in = _signed_in_as(old[organizer])
    assert signed_in == organizer and is_organizer(signed_in)
    assert move.rewrite(apps, move.MOVED) == 0  # done once
