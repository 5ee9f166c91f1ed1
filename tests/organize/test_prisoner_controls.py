"""The organizers' controls on a prisoner's profile and in the dashboard's rows (issue 15):
to an organizer with a second factor only, each action linked with a way back."""

import datetime
import re
from urllib.parse import quote

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from campaigns.models import Adoption
from prisoners.models import Status
from tests.conftest import defend

pytestmark = pytest.mark.django_db

PANEL = 'aria-labelledby="organizer-heading"'


def _controls(html: str) -> dict[str, str]:
    """Each control's label -> its address, from the first group of controls on the page."""
    group = re.search(r'<div class="prisoner-controls.*?</div>', html, re.S)
    assert group, "no organizer controls on the page"
    links = re.findall(r'<a class="btn[^"]*" href="([^"]+)">([^<]+)</a>', group.group(0))
    return {label: href.replace("&amp;", "&") for href, label in links}


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_organizer_with_a_second_factor_gets_the_controls_on_a_profile(org, prisoner):
    path = prisoner.get_absolute_url()
    html = org.get(path).content.decode()
    assert PANEL in html and "Organizer</h2>" in html
    back = f"?next={quote(path)}"
    assert _controls(html) == {
        "Assign": f"/organize/prisoners/{prisoner.slug}/reassign/{back}",
        "Add an event": f"/organize/prisoners/{prisoner.slug}/event/{back}",
        "Mark released": f"/organize/prisoners/{prisoner.slug}/released/{back}",
        "Mark deceased": f"/organize/prisoners/{prisoner.slug}/died/{back}",
        "Edit": f"/admin/prisoners/prisoner/{prisoner.pk}/change/",
    }


def test_a_defended_prisoner_is_reassigned_or_ended(org, prisoner, volunteer):
    defend(volunteer, prisoner)
    controls = _controls(org.get(prisoner.get_absolute_url()).content.decode())
    assert set(controls) == {
        "Reassign",
        "End adoption",
        "Add an event",
        "Mark released",
        "Mark deceased",
        "Edit",
    }
    assert controls["End adoption"].startswith(f"/organize/prisoners/{prisoner.slug}/end/?next=")


def test_a_closed_case_is_neither_assigned_nor_released_again(org, make_prisoner):
    released = make_prisoner(status=Status.RELEASED)
    assert set(_controls(org.get(released.get_absolute_url()).content.decode())) == {
        "Add an event",
        "Edit",
    }


def test_an_unpublished_prisoner_is_not_offered_for_assignment(org, make_prisoner):
    draft = make_prisoner(is_published=False)
    controls = _controls(org.get(draft.get_absolute_url()).content.decode())
    assert "Assign" not in controls and "Add an event" in controls


def test_nobody_else_sees_the_controls(client, prisoner, volunteer, organizer_without_mfa):
    path = prisoner.get_absolute_url()
    readers = {
        "anonymous": client,
        "volunteer": _signed_in(volunteer),
        "organizer without a second factor": _signed_in(organizer_without_mfa),
    }
    for who, reader in readers.items():
        html = reader.get(path).content.decode()
        assert "/organize/prisoners/" not in html and PANEL not in html, who
        assert "prisoner-controls" not in html, who


def test_the_controls_speak_chinese(org, prisoner, volunteer):
    defend(volunteer, prisoner)
    org.cookies["django_language"] = "zh-hans"
    html = org.get(prisoner.get_absolute_url()).content.decode()
    assert "组织者</h2>" in html
    assert set(_controls(html)) == {
        "更换守护者",
        "结束守护关系",
        "添加案件动态",
        "标记为已获释",
        "标记为已去世",
        "编辑",
    }


def test_each_dashboard_row_has_the_controls_with_the_way_back(org, make_prisoner, volunteer):
    uncovered = make_prisoner(name="Nobody Yet")
    html = org.get("/organize/?page=1").content.decode()
    controls = _controls(html)
    back = f"?next={quote('/organize/?page=1')}"
    assert controls["Assign"] == f"/organize/prisoners/{uncovered.slug}/reassign/{back}"
    assert controls["Mark deceased"] == f"/organize/prisoners/{uncovered.slug}/died/{back}"
    assert PANEL not in html  # compact in a row, no panel


def test_the_dashboard_rows_cost_no_query_each(
    org, make_prisoner, make_user, django_capture_on_commit_callbacks
):
    def quiet_and_uncovered(n: int) -> None:
        # Committed, as on the site: the dashboard keeps its uncovered list until then.
        with django_capture_on_commit_callbacks(execute=True):
            for _ in range(n):
                make_prisoner()
                adoption = defend(make_user(), make_prisoner())
                weeks_ago = timezone.now() - datetime.timedelta(weeks=3)
                Adoption.objects.filter(pk=adoption.pk).update(started_at=weeks_ago)

    def read() -> tuple[int, int]:
        org.get("/organize/")  # the cached figures, the same for both
        with CaptureQueriesContext(connection) as queries:
            html = org.get("/organize/").content.decode()
        return len(queries), html.count('<div class="prisoner-controls')

    quiet_and_uncovered(1)
    few, few_rows = read()
    quiet_and_uncovered(9)
    many, many_rows = read()
    assert (few_rows, many_rows) == (2, 20)  # ten rows in each list
    assert many == few


def test_the_controls_cost_the_profile_no_query_and_none_per_control(
    client, org, organizer, prisoner, volunteer, django_assert_num_queries
):
    path = prisoner.get_absolute_url()
    reader = _signed_in(volunteer)
    client.get(path)  # warm the caches all share (the figures' generation, the kept profile)
    org.get(path)
    with django_assert_num_queries(PROFILE_QUERIES_ANONYMOUS):
        assert client.get(path).status_code == 200
    # Signed in: the user with their delivery banner and second factor (the session is
    # cached), their adoptions. The organizer's controls cost nothing more (one query,
    # the second factor, before it came with the user), not one per control.
    with django_assert_num_queries(PROFILE_QUERIES_ANONYMOUS + 2):
        assert PANEL in org.get(path).content.decode()
    with django_assert_num_queries(PROFILE_QUERIES_ANONYMOUS + 2):
        assert PANEL not in reader.get(path).content.decode()


# The prisoner with its coverage; its timeline and sources are in the kept profile
# (prisoners/profile.py).
PROFILE_QUERIES_ANONYMOUS = 1
