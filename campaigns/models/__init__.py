"""The campaign's rows and their own rules, one module per kind of row.

Workflows that span rows live in services.py, outbox/ and organize/, never here.
"""

from .censorship import AccountSuspension, CensorshipDay, LinkCheck
from .commitments import Adoption, AdoptionQuerySet, VolunteerSettings, Weekday
from .notes import OrganizerNote
from .outbox import OutgoingEmail, OutgoingEmailQuerySet, redact_addresses
from .posts import Post
from .records import AuditEntry, CampaignWeek

__all__ = [
    "AccountSuspension",
    "Adoption",
    "AdoptionQuerySet",
    "AuditEntry",
    "CampaignWeek",
    "CensorshipDay",
    "LinkCheck",
    "OrganizerNote",
    "OutgoingEmail",
    "OutgoingEmailQuerySet",
    "Post",
    "VolunteerSettings",
    "Weekday",
    "redact_addresses",
]
