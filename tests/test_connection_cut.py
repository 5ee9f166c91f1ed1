"""R8: PostgreSQL restarting under the app: clean error pages, nothing half applied,
and the next request works again. A restart looks to the app like its connection being
cut; here the server cuts it (pg_terminate_backend) at the worst moments."""

import psycopg2
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, connection
from django.test import Client, RequestFactory

from campaigns.models import Adoption, CampaignWeek

pytestmark = pytest.mark.django_db(transaction=True)


def _cut(pid: int) -> None:
    """Terminate one server process from outside, as a restart would."""
    params = connection.get_connection_params()
    with psycopg2.connect(**params) as other, other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    other.close()


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def _serve(path: str) -> tuple[str, bytes]:
    """One request through Django's real WSGI handler, as gunicorn makes it: unlike the
    test client, it sends request_started, where dead connections are dropped."""
    environ = RequestFactory().get(path).environ
    status = []
    body = WSGIHandler()(environ, lambda s, headers, exc_info=None: status.append(s))
    return status[0], b"".join(body)


def test_after_a_restart_the_next_request_reconnects(prisoner):
    path = prisoner.get_absolute_url()
    assert _serve(path)[0].startswith("200")
    connection.ensure_connection()
    _cut(connection.connection.info.backend_pid)
    # CONN_HEALTH_CHECKS: at the next request the dead connection is noticed and
    # replaced before any query, so the visitor never sees the restart.
    status, body = _serve(path)
    assert status.startswith("200")
    assert prisoner.primary_name().encode() in body


def test_a_claim_cut_off_before_its_commit_is_not_half_applied(volunteer, prisoner):
    client = _client(volunteer)
    url = f"/prisoners/{prisoner.slug}/defend/"

    def cut_before_the_rollup(execute, sql, params, many, context):
        # The adoption row is inserted; the connection dies before the transaction ends.
        if "campaigns_campaignweek" in sql:
            _cut(context["connection"].connection.info.backend_pid)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(cut_before_the_rollup):
        response = client.post(url)
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page and "Traceback" not in page

    # Nothing of the claim survived: no adoption, no rollup counted.
    assert not Adoption.objects.exists()
    assert not CampaignWeek.objects.filter(claims__gt=0).exists()
    # And the volunteer can simply try again. (Between requests Django's request_started
    # signal drops a dead connection; the test client skips that signal, so it is done
    # here by hand; the test above shows the real server doing it.)
    close_old_connections()
    assert client.post(url).status_code == 302
    assert Adoption.objects.active().defenders().get().volunteer == volunteer
    assert CampaignWeek.objects.get().claims == 1
