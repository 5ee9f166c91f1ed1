"""The audit log (S11): who did what, when, to what, with what outcome, and the state
before and after for organizers' actions.

Volunteers and organizers are named by pseudonym and id, never by email address;
account deletion erases the pseudonym too (organizing.forget_in_audit_log).
"""

import hashlib

from django.core.cache import cache

from .models import AuditEntry

# A refusal that one person can repeat at will (knocking at /organize/, claiming a
# taken prisoner) is recorded once a minute per person and target, so that a script
# cannot fill the log; everything else is recorded every time.
REPEAT_REFUSALS_EVERY = 60


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


def refusal_key(actor, action: str, target: str) -> str:
    digest = hashlib.sha256(str(target).encode()).hexdigest()[:24]
    return f"audit-refused:{action}:{getattr(actor, 'pk', None)}:{digest}"


def record_refusal(actor, action: str, target: str = "", **kwargs) -> AuditEntry | None:
    """`record` with outcome "refused", at most once a minute per person and target."""
    if not cache.add(refusal_key(actor, action, target), 1, REPEAT_REFUSALS_EVERY):
        return None
    return record(actor, action, target, outcome=AuditEntry.Outcome.REFUSED, **kwargs)
