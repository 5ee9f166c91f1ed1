"""An organizer's end, reassignment or closing that reaches an adoption the defender
handed back a moment earlier (a hand-back does not lock the prisoner's row): the
organizer is told the defender changed, and nothing is recorded as ended twice."""

import pytest

from campaigns import services
from campaigns.models import Adoption, AuditEntry, OutgoingEmail
from campaigns.organize import services as organizing
from prisoners.dates import PartialDate
from tests.conftest import defend


@pytest.fixture
def handed_back_meanwhile(monkeypatch, volunteer, prisoner):
    """The organizer's read of the current defender sees the adoption as it was just
    before the defender's hand-back committed."""
    adoption = defend(volunteer, prisoner)
    stale = Adoption.objects.select_related("volunteer", "prisoner").get(pk=adoption.pk)
    services.hand_back(adoption=adoption, note="")
    monkeypatch.setattr(organizing, "_current_defender", lambda prisoner: stale)
    return stale


def test_ending_it_is_refused_as_changed(organizer, prisoner, handed_back_meanwhile):
    with pytest.raises(services.Refused) as refused:
        organizing.end_adoption(
            organizer=organizer,
            prisoner=prisoner,
            expected_id=handed_back_meanwhile.pk,
            reason="lapsed",
            note="",
        )
    assert refused.value.status == 409
    handed_back_meanwhile.refresh_from_db()
    assert handed_back_meanwhile.end_reason == Adoption.EndReason.HANDED_BACK
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.END_ADOPTION).exists()


def test_closing_the_case_sends_no_thanks_for_it(organizer, prisoner, handed_back_meanwhile):
    organizing.mark_released(
        organizer=organizer,
        prisoner=prisoner,
        when=PartialDate.parse("2026-11-20"),
        fields={"text": "Released."},
    )
    assert not OutgoingEmail.objects.filter(kind=OutgoingEmail.Kind.THANKS).exists()
    handed_back_meanwhile.refresh_from_db()
    assert handed_back_meanwhile.end_reason == Adoption.EndReason.HANDED_BACK
    entry = AuditEntry.objects.get(action=AuditEntry.Action.MARK_RELEASED)
    assert entry.after["defender"] is None
