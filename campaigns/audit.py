"""The audit log (S11): who did what, when, to what, with what outcome, and the state
before and after for organizers' actions.

Volunteers and organizers are named by pseudonym and id, never by email address;
account deletion erases the pseudonym too (organizing.forget_in_audit_log).
"""

from .models import AuditEntry


def volunteer_label(volunteer) -> str:
    """How the audit log names a volunteer: the pseudonym and the id."""
    return (
        f"{volunteer.display_name} (#{volunteer.pk})"
        if volunteer.display_name
        else f"#{volunteer.pk}"
    )


def prisoner_label(prisoner) -> str:
    return f"{prisoner} ({prisoner.slug})"


def record(
    actor,
    action: str,
    target: str = "",
    *,
    before=None,
    after=None,
    outcome: str = AuditEntry.Outcome.DONE,
) -> AuditEntry:
    """Write one audit row; call it inside the action's transaction."""
    return AuditEntry.objects.create(
        actor=actor if actor and actor.is_authenticated else None,
        action=action,
        target=str(target)[:200],
        before=before or {},
        after=after or {},
        outcome=outcome,
    )
