"""The organizers' audit log page: newest first, paginated, filtered by kind, with a
query count that does not grow with the log."""

from campaigns.models import AuditEntry


def test_audit_log_is_paginated_newest_first_with_actor_and_changes(org, organizer):
    for n in range(51):
        AuditEntry.objects.create(
            actor=organizer,
            action="approve",
            target=f"volunteer {n:02d}",
            before={"approved_at": None},
            after={"approved_at": f"2026-01-{n % 28 + 1:02d}"},
        )
    cell = "<td>Approved a volunteer</td>"

    first = org.get("/organize/audit/")
    assert first.status_code == 200
    page = first.content.decode()
    assert page.count(cell) == 50
    assert "volunteer 50" in page
    assert "volunteer 00" not in page
    assert page.index("volunteer 50") < page.index("volunteer 49")
    assert f"Organizer (#{organizer.pk})" in page
    assert organizer.email not in page
    # In words: the field's label and the date as a date, not the key and the ISO string.
    assert "approved_at" not in page and "2026-01-23" not in page
    assert "Approved:</span> — <span" in page and "Jan. 23, 2026" in page

    older = first.context["older"]
    assert f"before={older}" in page
    second = org.get("/organize/audit/", {"before": older})
    assert second.content.decode().count(cell) == 1
    assert "volunteer 00" in second.content.decode()
    assert second.context["older"] == ""  # the end
    # A made-up cursor starts again from the newest.
    assert org.get("/organize/audit/", {"before": "x_y"}).content.decode().count(cell) == 50


def test_audit_log_shows_one_kind_or_the_organizers_actions(org, organizer, volunteer):
    AuditEntry.objects.create(actor=organizer, action="approve", target="approved one")
    AuditEntry.objects.create(actor=volunteer, action="sign_in", target="signed in one")
    AuditEntry.objects.create(actor=None, action="sign_in_failed", target="", outcome="refused")

    everything = org.get("/organize/audit/").content.decode()
    assert "approved one" in everything and "signed in one" in everything
    assert "(unknown address)" in everything and ">refused</span>" in everything
    only_organizers = org.get("/organize/audit/", {"kind": "organizers"}).content.decode()
    assert "approved one" in only_organizers and "signed in one" not in only_organizers
    sign_ins = org.get("/organize/audit/", {"kind": "sign_in"}).content.decode()
    assert "signed in one" in sign_ins and "approved one" not in sign_ins
    # An unknown kind shows everything rather than an error.
    assert "signed in one" in org.get("/organize/audit/", {"kind": "nonsense"}).content.decode()


def test_audit_log_query_count_does_not_grow(org, organizer):
    def grow(n):
        AuditEntry.objects.bulk_create(
            AuditEntry(actor=organizer, action="approve", target=f"v{i}") for i in range(n)
        )

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    grow(5)
    with CaptureQueriesContext(connection) as few:
        org.get("/organize/audit/")
    grow(500)
    with CaptureQueriesContext(connection) as many:
        org.get("/organize/audit/")
    assert len(many) == len(few)
