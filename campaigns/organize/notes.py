"""Organizers' notes about volunteers: written here, read only on organizers' pages.

A note never goes on a row the volunteer's export or pages read (Adoption.end_message
is theirs); the audit log records that a note was written, not its text, so that
deleting the volunteer's account (which deletes the notes) leaves none of it behind.
"""

from ..models import Adoption, OrganizerNote

# The organizers' pages show this many notes about a volunteer, the newest first.
NOTES_SHOWN = 20


def add_note(*, author, volunteer, text: str, adoption: Adoption | None = None):
    """Keep `text` for organizers; nothing when it is empty or the volunteer is gone."""
    text = text.strip()
    if not text or volunteer is None:
        return None
    return OrganizerNote.objects.create(
        author=author if author and author.is_authenticated else None,
        volunteer=volunteer,
        adoption=adoption,
        text=text,
    )


def notes_about(volunteer) -> list[OrganizerNote]:
    """The newest notes about `volunteer`, with their authors and adoptions, evaluated."""
    if volunteer is None:
        return []
    notes = OrganizerNote.objects.filter(volunteer=volunteer).select_related(
        "author", "adoption__prisoner"
    )
    return list(notes.order_by("-created_at", "-pk")[:NOTES_SHOWN])
