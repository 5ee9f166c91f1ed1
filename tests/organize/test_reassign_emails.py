"""The emails of a reassignment (issue 15): the new defender is told they now defend the
prisoner and what to do this week; the replaced one is thanked, told the case went to
someone else and given the reason written for them, never the organizers' note. Each in
the recipient's language, written in the reassignment's transaction and sent by the
outbox's sender."""

from django.core import mail

from campaigns.models import Adoption, OrganizerNote, OutgoingEmail
from campaigns.organize.assignment import reassign_prisoner
from campaigns.outbox import emails, send
from campaigns.services import end_adoptions
from tests.conftest import defend, rung_ids

from .conftest import url

REASON = "You told us you needed a break: thank you for two years of posts."
NOTE = "Suspect the account is shared with a relative in Fujian."


def _html(message) -> str:
    return message.alternatives[0][0]


def test_both_defenders_get_their_email_in_their_language_through_the_outbox(
    org, make_user, prisoner, doorbell, django_capture_on_commit_callbacks
):
    old = make_user(display_name="Lotus", language="en")
    new = make_user(display_name="竹子", language="zh-hans")
    adoption = defend(old, prisoner)

    with django_capture_on_commit_callbacks(execute=True):
        response = org.post(
            url("reassign", prisoner.slug),
            {"volunteer": new.pk, "expected": adoption.pk, "reason": REASON, "note": NOTE},
        )

    assert response.status_code == 302
    assigned = OutgoingEmail.objects.get(kind="assigned")
    replaced = OutgoingEmail.objects.get(kind="replaced")
    assert (assigned.volunteer, assigned.prisoner, assigned.status) == (new, prisoner, "queued")
    assert (replaced.volunteer, replaced.prisoner, replaced.reason) == (old, prisoner, REASON)
    assert sorted(rung_ids(doorbell)) == sorted([assigned.pk, replaced.pk])

    assert send.send_chunk([assigned.pk, replaced.pk]) == {"sent": 2}
    welcome, thanks = mail.outbox
    assert welcome.to == [new.email]
    assert welcome.subject == "你现在是吴淦的守护者"
    assert "本周新消息：你现在是吴淦的守护者" in welcome.body
    assert emails.links_for(new, prisoner)["log_post_url"] in welcome.body
    assert "本周新消息" in _html(welcome)
    assert thanks.to == [old.email]
    assert thanks.subject == "Thank you for defending Wu Gan"
    assert "has asked another volunteer to defend Wu Gan" in thanks.body
    assert REASON in thanks.body and REASON in _html(thanks)
    assert emails.links_for(old)["find_url"] in thanks.body
    statuses = OutgoingEmail.objects.values_list("status", flat=True)
    assert set(statuses) == {OutgoingEmail.Status.SENT}


def test_the_organizers_note_never_reaches_the_replaced_defender(
    organizer, volunteer, other_volunteer, prisoner, doorbell
):
    adoption = defend(volunteer, prisoner)

    reassign_prisoner(
        organizer=organizer,
        prisoner=prisoner,
        volunteer=other_volunteer,
        expected_id=adoption.pk,
        note=NOTE,
    )

    replaced = OutgoingEmail.objects.get(kind="replaced")
    assert replaced.reason == ""
    message = emails.build_message(replaced)
    for text in (message.subject, message.body, _html(message)):
        assert "Fujian" not in text
    assert "Why, in the organizer" not in message.body
    assert OrganizerNote.objects.get(adoption=adoption).text == NOTE


def test_a_prisoner_without_a_defender_gives_only_the_welcome(
    organizer, volunteer, prisoner, doorbell
):
    reassign_prisoner(organizer=organizer, prisoner=prisoner, volunteer=volunteer, expected_id=None)

    assert list(OutgoingEmail.objects.values_list("kind", "volunteer")) == [
        ("assigned", volunteer.pk)
    ]


def test_a_welcome_to_a_defence_that_ended_before_it_went_out_is_not_sent(
    organizer, volunteer, prisoner, doorbell
):
    reassign_prisoner(organizer=organizer, prisoner=prisoner, volunteer=volunteer, expected_id=None)
    end_adoptions(Adoption.objects.filter(volunteer=volunteer), reason="handed_back")
    row = OutgoingEmail.objects.get(kind="assigned")

    assert send.send_chunk([row.pk]) == {"suppressed": 1}
    assert mail.outbox == []
