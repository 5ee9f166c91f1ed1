"""The audit log (S11): who did what, when, to what, with what outcome, and the state
before and after for organizers' actions.

Volunteers and organizers are named by pseudonym and id, never by email address;
account deletion erases the pseudonym too (`forget`).
"""

import hashlib
import json

from django.core.cache import cache
from django.db.models import Q

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


def forget(volunteer) -> int:
    """Replace a deleted volunteer's pseudonym in the audit log by their bare id."""
    label, bare = volunteer_label(volunteer), f"#{volunteer.pk}"
    if label == bare:
        return 0
    entries = AuditEntry.objects.filter(
        Q(target__contains=label) | Q(before__icontains=label) | Q(after__icontains=label)
    )
    changed = 0
    for entry in entries.iterator():
        entry.target = entry.target.replace(label, bare)
        entry.before = json.loads(json.dumps(entry.before).replace(json.dumps(label)[1:-1], bare))
        entry.after = json.loads(json.dumps(entry.after).replace(json.dumps(label)[1:-1], bare))
        entry.save(update_fields=["target", "before", "after"])
        changed += 1
    return changed
