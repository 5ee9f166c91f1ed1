"""Migration campaigns 0013 moves the old Adoption.end_note (issue 15, point 6): what an
organizer wrote becomes an OrganizerNote, with its author and date where the audit log
knows them; a volunteer's own words on handing back stay theirs (end_message)."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from campaigns.models import Adoption, OrganizerNote

THIS = ("campaigns", "0013_organizer_notes")
AT = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


def _before() -> list[tuple[str, str]]:
    """The campaigns migration this one follows, whichever that is after merges."""
    graph = MigrationExecutor(connection).loader.graph
    return [p.key for p in graph.node_map[THIS].parents if p.key[0] == "campaigns"]


@pytest.mark.django_db(transaction=True)
def test_old_notes_move_to_where_only_organizers_read_them(make_user, organizer, make_prisoner):
    people = {name: make_user(display_name=name) for name in ["Exams", "Quiet", "Chosen", "Spam"]}
    prisoners = {name: make_prisoner(name=f"Prisoner {name}") for name in people}
    before = _before()
    try:
        old = migrate(before).loader.project_state(before).apps
        OldAdoption = old.get_model("campaigns", "Adoption")
        OldAudit = old.get_model("campaigns", "AuditEntry")

        def ended(name, reason, note, *, by=None):
            adoption = OldAdoption.objects.create(
                volunteer_id=people[name].pk,
                prisoner_id=prisoners[name].pk,
                role="defender",
                ended_at=AT,
                end_reason=reason,
                end_note=note,
            )
            if by:  # ended on the organizers' page: the audit log names the adoption
                OldAudit.objects.create(
                    actor_id=by.pk,
                    action="end_adoption",
                    after={"defender": {"id": adoption.pk}, "end_note": note},
                )
            return adoption.pk

        own = ended("Exams", "handed_back", "Exams this term")
        quiet = ended("Quiet", "lapsed", "SUSPECT: no posts since March", by=organizer)
        chosen = ended("Chosen", "handed_back", "SUSPECT: said so on the phone", by=organizer)
        spam = ended("Spam", "volunteer_suspended", "SUSPECT: spam posts")
    finally:
        migrate(None)

    assert Adoption.objects.get(pk=own).end_message == "Exams this term"
    assert not OrganizerNote.objects.filter(adoption=own).exists()
    for pk in (quiet, chosen, spam):
        assert Adoption.objects.get(pk=pk).end_message == ""
    notes = {
        n.adoption_id: (n.volunteer.display_name, n.author, n.text, n.created_at)
        for n in OrganizerNote.objects.select_related("volunteer", "author")
    }
    assert notes == {
        quiet: ("Quiet", organizer, "SUSPECT: no posts since March", AT),
        chosen: ("Chosen", organizer, "SUSPECT: said so on the phone", AT),
        spam: ("Spam", None, "SUSPECT: spam posts", AT),
    }
    assert not Adoption.objects.filter(end_message__contains="SUSPECT").exists()
