"""Audit rows for organizers' actions: who, what, when, before and after (S11)."""

from .models import AuditEntry


def record(actor, action: str, target: str = "", *, before=None, after=None) -> AuditEntry:
    """Write one audit row; call it inside the action's transaction."""
    return AuditEntry.objects.create(
        actor=actor if actor and actor.is_authenticated else None,
        action=action,
        target=str(target)[:200],
        before=before or {},
        after=after or {},
    )
