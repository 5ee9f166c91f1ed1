"""Deleting a volunteer's account deletes what organizers wrote about them (privacy):
a suspicion about someone who left is not kept. Other volunteers' notes stay."""

from campaigns import services
from campaigns.models import OrganizerNote
from campaigns.organize.notes import add_note
from tests.conftest import defend


def test_deleting_the_account_deletes_the_notes_about_them(
    organizer, volunteer, other_volunteer, make_prisoner
):
    adoption = defend(volunteer, make_prisoner(name="First Prisoner"))
    add_note(author=organizer, volunteer=volunteer, adoption=adoption, text="Spam?")
    add_note(author=organizer, volunteer=volunteer, text="Asked for addresses")
    kept = add_note(author=organizer, volunteer=other_volunteer, text="Very reliable")

    services.delete_account(volunteer=volunteer)

    assert list(OrganizerNote.objects.all()) == [kept]


def test_an_organizer_who_leaves_leaves_their_notes_unsigned(organizer, volunteer):
    note = add_note(author=organizer, volunteer=volunteer, text="Posts every day")

    organizer.delete()

    note.refresh_from_db()
    assert (note.author, note.text) == (None, "Posts every day")


def test_an_empty_note_is_not_kept(organizer, volunteer):
    assert add_note(author=organizer, volunteer=volunteer, text="  \n ") is None
    assert not OrganizerNote.objects.exists()
