"""The supporters' weekly digest: once, when a supported case has published news, and
never to those who opted out."""

import datetime

from django.core import mail

from campaigns.models import Adoption, OutgoingEmail, VolunteerSettings
from campaigns.outbox import schedule
from prisoners.models import CaseEvent

from ..conftest import NOW, WEEK


def test_supporter_digest_once_when_there_is_news_and_never_when_opted_out(
    make_user, make_prisoner, clock, eager, django_capture_on_commit_callbacks
):
    news, quiet_case, hidden = make_prisoner(), make_prisoner(), make_prisoner()
    clock.move_to(NOW - datetime.timedelta(days=2))
    CaseEvent.objects.create(prisoner=news, date=NOW.date(), text="Moved to a new prison")
    CaseEvent.objects.create(
        prisoner=hidden, date=NOW.date(), text="Not yet checked", is_published=False
    )
    old = CaseEvent.objects.create(prisoner=quiet_case, date=NOW.date(), text="Old news")
    CaseEvent.objects.filter(pk=old.pk).update(created_at=NOW - 3 * WEEK)

    reader, opted_out, no_news, unpublished_only = (make_user() for _ in range(4))
    for person, case in [
        (reader, news),
        (opted_out, news),
        (no_news, quiet_case),
        (unpublished_only, hidden),
    ]:
        Adoption.objects.create(volunteer=person, prisoner=case, role="supporter")
    VolunteerSettings.objects.create(volunteer=opted_out, supporter_digest=False)
    clock.move_to(NOW)

    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            schedule.tick()

    (row,) = OutgoingEmail.objects.all()
    assert (row.volunteer, row.kind, row.status) == (reader, "digest", "sent")
    (message,) = mail.outbox
    assert message.to == [reader.email]
    assert "Moved to a new prison" in message.body
    assert "Not yet checked" not in message.body
