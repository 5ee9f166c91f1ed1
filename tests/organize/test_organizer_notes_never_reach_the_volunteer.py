"""Organizers' notes (issue 15, point 6) are kept apart from the volunteer's rows: the
volunteer's whole data export and their pages hold the reason written for them and their
own words, never a word an organizer wrote about them. (No email tells a volunteer that
an organizer ended their adoption; the emails read no note.)"""

import json

from django.test import Client

from campaigns import services
from campaigns.models import Adoption
from tests.conftest import defend, reauthenticate

from .conftest import url

# Distinctive, so that any byte of it anywhere is found.
SUSPICION = "SUSPICION-7f3a: maybe a state security account"
SUSPENSION_WORDS = "SUSPENSION-91c2: asked about other volunteers"
THEIR_OWN_WORDS = "Exams this term, back in June"

# Every page of the volunteer's own, and the prisoners' pages they may look at.
THEIR_PAGES = ["/me/", "/me/posts/", "/me/removed/", "/me/suspended/", "/me/settings/", "/find/"]


def _strings(value) -> list[str]:
    """Every key and value of the export, however deep: nothing is left unread."""
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [str(k), *_strings(v)]]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [str(value)]


def _ended_by_an_organizer(org, volunteer, make_prisoner):
    """The volunteer hands one prisoner back in their own words, and an organizer ends
    their next defence with a suspicion."""
    first = make_prisoner(name="First Prisoner")
    services.hand_back(adoption=defend(volunteer, first), note=THEIR_OWN_WORDS)
    second = make_prisoner(name="Second Prisoner")
    adoption = defend(volunteer, second)
    response = org.post(
        url("end_adoption", second.slug),
        {"reason": "lapsed", "note": SUSPICION, "expected": adoption.pk},
    )
    assert response.status_code == 302
    return second


def test_the_whole_export_holds_no_organizer_note(org, volunteer, make_prisoner):
    second = _ended_by_an_organizer(org, volunteer, make_prisoner)
    client = Client()
    client.force_login(volunteer)
    reauthenticate(client)

    response = client.get("/me/settings/export/")

    assert response.status_code == 200
    raw = response.content  # every byte, before and after parsing
    assert SUSPICION.encode() not in raw
    assert b"SUSPICION" not in raw
    data = json.loads(raw)
    assert not [s for s in _strings(data) if "SUSPICION" in s]
    # What was written for them is there: the reason, in words, and their own words.
    ended = {a["prisoner"]: a for a in data["adoptions"]}
    assert ended[str(second)]["end_reason"] == "lapsed"
    assert ended[str(second)]["end_reason_in_words"] == "Lapsed"
    assert ended[str(second)]["message"] == ""
    assert [a["message"] for a in data["adoptions"]] == [THEIR_OWN_WORDS, ""]


def test_their_pages_hold_no_organizer_note(org, volunteer, make_prisoner):
    second = _ended_by_an_organizer(org, volunteer, make_prisoner)
    client = Client()
    client.force_login(volunteer)

    for page in [*THEIR_PAGES, second.get_absolute_url()]:
        response = client.get(page)
        assert response.status_code == 200, page
        assert b"SUSPICION" not in response.content, page


def test_a_suspension_note_is_not_in_the_export_either(org, volunteer, make_prisoner):
    defend(volunteer, make_prisoner(name="Third Prisoner"))
    assert org.post(url("suspend", volunteer.pk), {"note": SUSPENSION_WORDS}).status_code == 302
    # An organizer lets them in again (the admin): their export must still be clean.
    volunteer.is_active = True
    volunteer.save(update_fields=["is_active"])
    client = Client()
    client.force_login(volunteer)
    reauthenticate(client)

    raw = client.get("/me/settings/export/").content

    assert b"SUSPENSION-91c2" not in raw
    (adoption,) = json.loads(raw)["adoptions"]
    assert adoption["end_reason"] == Adoption.EndReason.VOLUNTEER_SUSPENDED
    assert adoption["message"] == ""
