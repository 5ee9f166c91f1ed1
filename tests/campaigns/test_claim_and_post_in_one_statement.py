"""A claim and a logged post are one SQL statement each (campaigns/writes.py): the query
counts of the requests as they run in production (autocommit, no test transaction
around them), and everything the statement writes, written together or not at all."""

import datetime
import re

import psycopg2
import pytest
from django.conf import settings
from django.db import IntegrityError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaigns import audit, writes
from campaigns.models import Adoption, AuditEntry, CampaignWeek, Post, VolunteerSettings
from tests.conftest import defend

from .conftest import defend_url

pytestmark = pytest.mark.django_db(transaction=True)


def _sql(client, path, data=None, expected=302) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.post(path, data or {})
    assert response.status_code == expected
    return [_text(query["sql"]) for query in captured]


def _text(sql: str) -> str:
    """A query's SQL; of an EXECUTE of a statement prepared before (advocacy/server_prepared.py),
    the statement's as the server holds it."""
    if match := re.match(r"EXECUTE (\w+)\(", sql):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT statement FROM pg_prepared_statements WHERE name = %s", [match[1]]
            )
            return cursor.fetchone()[0]
    return sql


def test_a_claim_is_two_queries_one_more_than_an_empty_signed_in_post(
    volunteer_client, volunteer, prisoner
):
    queries = _sql(volunteer_client, defend_url(prisoner))
    # The user (any signed-in request; the session is cached), then the claim, which finds
    # the prisoner by the slug itself: no BEGIN, no COMMIT, no savepoint, the checks under
    # the share locks in the statement.
    assert len(queries) == 2, queries
    assert "FOR SHARE OF p, u" in queries[1] and "p.slug = " in queries[1]
    adoption = Adoption.objects.active().get(prisoner=prisoner)
    assert (adoption.volunteer, adoption.role) == (volunteer, Adoption.Role.DEFENDER)
    # The same audit row and count as a claim of a prisoner read first.
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CLAIM)
    assert entry.target == f"{prisoner} ({prisoner.slug})"
    assert (entry.before, entry.after) == ({}, {})  # as AuditEntry's defaults
    assert CampaignWeek.objects.get().claims == 1


def test_a_claim_in_chinese_reads_the_prisoner_first_for_its_label(
    volunteer_client, volunteer, make_prisoner
):
    # The audit label shows the Chinese name in the reader's script, which SQL cannot
    # write: the prisoner is read first (its names, not the profile's long texts).
    prisoner = make_prisoner(native_name="黃之鋒", name="Joshua Wong")
    volunteer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    queries = _sql(volunteer_client, defend_url(prisoner))
    assert len(queries) == 3, queries
    assert '"prisoners_prisoner"."native_name"' in queries[1]
    assert '"prisoners_prisoner"."summary"' not in queries[1]
    assert "FOR SHARE OF p, u" in queries[2]
    assert Adoption.objects.active().get(prisoner=prisoner).volunteer == volunteer
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CLAIM)
    assert entry.target == "Joshua Wong (黄之锋) (" + prisoner.slug + ")"


@pytest.mark.parametrize(
    "names",
    [
        {"name": "Ilham Tohti", "native_name": "伊力哈木·土赫提"},
        {"name": "", "native_name": "许志永"},
        {"name": "Only A Latin Name", "native_name": ""},
        {"name": "A" * 180, "native_name": "长" * 30},
    ],
)
def test_the_label_made_in_sql_is_the_audit_label(volunteer, make_prisoner, names):
    prisoner = make_prisoner(**names)
    adoption = writes.claim_by_slug(volunteer, prisoner.slug, need_approval=False)
    assert adoption.prisoner.pk == prisoner.pk
    assert adoption.prisoner.primary_name() == prisoner.primary_name()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CLAIM)
    assert entry.target == audit.prisoner_label(prisoner)[:200]


def test_logging_a_post_is_two_queries_and_makes_the_settings_it_needs(
    volunteer_client, volunteer, prisoner
):
    defend(volunteer, prisoner)
    assert not VolunteerSettings.objects.filter(volunteer=volunteer).exists()
    data = {"prisoner": prisoner.pk, "link": "https://x.com/lotus/status/1"}
    # The user (the session is cached), the post (the statement checks that they defend
    # or support the prisoner: their prisoners are not loaded for the form's choices).
    queries = _sql(volunteer_client, "/me/posts/", data)
    assert len(queries) == 2, queries
    assert "campaigns_adoption" in queries[1]
    post = Post.objects.get(volunteer=volunteer)
    prefs = VolunteerSettings.objects.get(volunteer=volunteer)
    # Made with the model's defaults, as get_or_create made it, and the post's date.
    assert (prefs.reminder_weekday, prefs.reminder_hour, prefs.supporter_digest) == (4, 18, True)
    assert prefs.last_posted_at == post.posted_at
    assert CampaignWeek.objects.get().posts == 1


def _nothing_logged():
    assert not Post.objects.exists()
    assert not CampaignWeek.objects.exists()
    assert not VolunteerSettings.objects.exists()


def test_a_post_about_someone_not_theirs_writes_nothing_and_shows_their_choices(
    volunteer_client, volunteer, prisoner, make_prisoner
):
    # The id the form sends is checked by the statement: someone else's prisoner (or an
    # id that is no one) writes nothing, and the form with their choices says so.
    defend(volunteer, prisoner)
    stranger = make_prisoner(name="Someone Else")
    for other in (stranger.pk, stranger.pk + 1000):
        data = {"prisoner": other, "link": "https://x.com/lotus/status/1"}
        response = volunteer_client.post("/me/posts/", data)
        assert response.status_code == 400
        assert response.context["form"].errors["prisoner"]
        assert list(response.context["form"].prisoners) == [prisoner.pk]
        _nothing_logged()


def test_a_post_about_a_prisoner_handed_back_writes_nothing(
    volunteer_client, volunteer, prisoner, make_prisoner
):
    # Supporting someone else, so the form is shown; the ended defence counts for nothing.
    defend(volunteer, prisoner)
    Adoption.objects.update(ended_at=timezone.now(), end_reason=Adoption.EndReason.HANDED_BACK)
    other = make_prisoner(name="Someone Supported")
    Adoption.objects.create(volunteer=volunteer, prisoner=other, role="supporter")
    data = {"prisoner": prisoner.pk, "link": "https://x.com/lotus/status/1"}
    assert volunteer_client.post("/me/posts/", data).status_code == 400
    _nothing_logged()
    data["prisoner"] = other.pk  # a supporter logs about whom they support
    assert volunteer_client.post("/me/posts/", data).status_code == 302
    assert Post.objects.get().prisoner == other


def test_a_post_from_someone_without_a_prisoner_sends_them_to_choose_one(
    volunteer_client, prisoner
):
    data = {"prisoner": prisoner.pk, "link": "https://x.com/lotus/status/1"}
    response = volunteer_client.post("/me/posts/", data)
    assert response.status_code == 302
    assert response.url == reverse("campaigns:find")
    _nothing_logged()


def test_an_older_post_logged_later_keeps_the_later_date(volunteer, prisoner):
    defend(volunteer, prisoner)
    now = timezone.now()
    for n, moment in enumerate([now, now - datetime.timedelta(days=3)]):
        writes.insert_post(
            Post(
                volunteer=volunteer,
                prisoner=prisoner,
                platform="x",
                link=f"https://x.com/a/status/{n}",
                posted_at=moment,
            )
        )
    assert VolunteerSettings.objects.get(volunteer=volunteer).last_posted_at == now
    assert sum(week.posts for week in CampaignWeek.objects.all()) == 2


def test_a_supporter_who_claims_is_counted_audited_and_no_longer_a_supporter(
    volunteer_client, volunteer, prisoner
):
    Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role="supporter")
    assert len(_sql(volunteer_client, defend_url(prisoner))) == 2
    support = Adoption.objects.get(role="supporter")
    assert support.end_reason == Adoption.EndReason.BECAME_DEFENDER
    assert support.ended_at == Adoption.objects.get(role="defender").started_at
    assert CampaignWeek.objects.get().claims == 1
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CLAIM)
    assert (entry.actor, entry.outcome) == (volunteer, AuditEntry.Outcome.DONE)
    assert entry.target == f"{prisoner} ({prisoner.slug})"


def test_a_claim_refused_by_the_constraint_writes_nothing(volunteer, other_volunteer, prisoner):
    # The defender is one the statement's own check cannot see (it checks the claimant's
    # defence only): the unique constraint refuses the INSERT, and with it the count,
    # the audit row and the end of the support, which ran in the same statement.
    defend(other_volunteer, prisoner)
    Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role="supporter")
    with pytest.raises(IntegrityError):
        writes.claim(volunteer, prisoner, need_approval=False)
    assert Adoption.objects.active().filter(volunteer=volunteer, role="supporter").exists()
    assert not CampaignWeek.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.CLAIM).exists()


def _cut(pid: int) -> None:
    """Terminate one server process from outside, as a restart would."""
    with psycopg2.connect(**connection.get_connection_params()) as other:
        other.cursor().execute("SELECT pg_terminate_backend(%s)", [pid])
    other.close()


def test_a_post_cut_off_by_a_restart_is_not_half_applied_and_the_next_query_works(
    volunteer, prisoner
):
    defend(volunteer, prisoner)
    client = Client(raise_request_exception=False)
    client.force_login(volunteer)

    def cut_before_the_statement(execute, sql, params, many, context):
        if "campaigns_post" in sql and "INSERT" in sql:
            _cut(context["connection"].connection.info.backend_pid)
        return execute(sql, params, many, context)

    data = {"prisoner": prisoner.pk, "link": "https://x.com/lotus/status/1"}
    with connection.execute_wrapper(cut_before_the_statement):
        assert client.post("/me/posts/", data).status_code == 500
    # The dead connection was closed, not kept: this query opens a new one.
    assert not Post.objects.exists()
    assert not CampaignWeek.objects.exists()
    assert client.post("/me/posts/", data).status_code == 302
    assert Post.objects.get().link == data["link"]
