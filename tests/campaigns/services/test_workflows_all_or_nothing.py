"""A workflow that fails half-way changes nothing: deleting a post, pausing,
unsubscribing and deleting an account each commit whole or not at all (a post gone
but still counted, or an address unsubscribed with no record of it, must not be)."""

import pytest

from campaigns import audit, figures, services
from campaigns.models import Adoption, Post, VolunteerSettings
from tests.conftest import defend


class Crash(Exception):
    pass


def _crash(*_args, **_kwargs):
    raise Crash


@pytest.fixture
def post(volunteer, prisoner):
    defend(volunteer, prisoner)
    fields = {"platform": "x", "link": "https://x.com/a/status/1", "text": "Free them"}
    return services.log_post(volunteer=volunteer, prisoner=prisoner, fields=fields)


def test_a_post_whose_count_fails_is_not_deleted(monkeypatch, post):
    pk = post.pk  # a deleted instance forgets its pk
    monkeypatch.setattr(figures, "bump", _crash)
    with pytest.raises(Crash):
        services.delete_post(post)
    assert Post.objects.filter(pk=pk).exists()


def test_a_pause_whose_queue_fails_is_no_pause(monkeypatch, volunteer):
    services.settings_for(volunteer)
    monkeypatch.setattr(services, "_suppress_queued", _crash)
    with pytest.raises(Crash):
        services.pause(volunteer=volunteer)
    assert VolunteerSettings.objects.get(volunteer=volunteer).paused_until is None


def test_an_unsubscription_not_on_record_is_no_unsubscription(monkeypatch, volunteer):
    services.settings_for(volunteer)
    monkeypatch.setattr(audit, "record", _crash)
    with pytest.raises(Crash):
        services.unsubscribe(volunteer=volunteer, how="email link")
    assert VolunteerSettings.objects.get(volunteer=volunteer).unsubscribed_at is None


def test_an_account_whose_deletion_fails_keeps_everything(monkeypatch, volunteer, post):
    monkeypatch.setattr(audit, "forget", _crash)
    with pytest.raises(Crash):
        services.delete_account(volunteer=volunteer)
    post.refresh_from_db()
    assert (post.link, post.text) == ("https://x.com/a/status/1", "Free them")
    assert Adoption.objects.active().filter(volunteer=volunteer).exists()
