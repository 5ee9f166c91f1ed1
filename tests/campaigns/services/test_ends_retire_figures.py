"""A hand-back and the end of a support change what the home page counts and what a
profile shows: the cached figures and pages are retired at once, not minutes later."""

from campaigns import figures, services
from campaigns.models import Adoption


def test_a_hand_back_retires_the_cached_counters(
    volunteer, prisoner, django_capture_on_commit_callbacks
):
    adoption = services.claim_prisoner(volunteer=volunteer, prisoner=prisoner)
    assert figures.campaign_counters()["defended"] == 1  # counted, and now cached

    with django_capture_on_commit_callbacks(execute=True) as retired:
        services.hand_back(adoption=adoption, note="")
    assert retired, "retired only once the hand-back commits"

    assert figures.campaign_counters()["defended"] == 0
    assert figures.headline().defended == 0


def test_stopping_a_support_retires_the_cached_profile(
    client, settings, volunteer, prisoner, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 60
    adoption = services.support_prisoner(volunteer=volunteer, prisoner=prisoner)
    url = prisoner.get_absolute_url()
    first = client.get(url)
    assert "X-Page-Cache" not in first
    assert client.get(url)["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        services.stop_supporting(adoption=adoption)

    again = client.get(url)
    assert "X-Page-Cache" not in again  # rendered anew, with one supporter fewer
    assert Adoption.objects.active().filter(pk=adoption.pk).count() == 0


def test_an_end_is_counted_once_even_when_asked_twice(volunteer, prisoner):
    adoption = services.claim_prisoner(volunteer=volunteer, prisoner=prisoner)
    adoptions = Adoption.objects.filter(pk=adoption.pk)
    first = services.end_adoptions(adoptions, reason=Adoption.EndReason.HANDED_BACK)
    second = services.end_adoptions(adoptions, reason=Adoption.EndReason.LAPSED)
    assert [a.pk for a in first] == [adoption.pk]
    assert second == []
    week = figures.trends()[-1]
    assert (week.claims, week.lapses) == (1, 0)
    adoption.refresh_from_db()
    assert adoption.end_reason == Adoption.EndReason.HANDED_BACK
