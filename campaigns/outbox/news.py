"""What an email tells a reader of their cases: the news, and earlier events added late.

An event is **news** to a reader when it was added since their last email of that kind
and is dated within NEWS_DAYS of the reader's today. A date known only to the month or
the year counts by the latest day it can mean (`CaseEvent.objects.dated_since`): "2026"
is recent until NEWS_DAYS into 2027. Events added since the last email with older dates
(Ilham Tohti's 2014 sentence, entered this week; a CSV import of a whole case) are not
news: the email names them in one line, "added to the timeline". Future dates (a trial
announced for next month) are news.

"Since the last email" is the `sent_at` of the reader's last sent email of the same
kind; a reader who never had one hears of the events added in the last FIRST_WINDOW
(a defender: since their claim, when that is later than their last email).
The queries are a fixed number, whatever the number of events.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Max, QuerySet, Window
from django.db.models.functions import RowNumber

from advocacy.typography import mark
from prisoners.models import CaseEvent, Prisoner

from ..models import OutgoingEmail

# How old an event's date may be, on the day of the email, and still be news.
NEWS_DAYS = 60
# The window of a reader's first email: a week, the rhythm of the emails.
FIRST_WINDOW = datetime.timedelta(days=7)
# How many dates of a prisoner's timeline additions the line names.
ADDED_DATES_SHOWN = 3


@dataclass
class Addition:
    """A prisoner's events with old dates added since the last email."""

    prisoner: Prisoner
    count: int
    whens: list = field(default_factory=list)  # the newest ADDED_DATES_SHOWN PartialDates

    @property
    def dates(self) -> str:
        """The dates in the active language, "…" when there are more: "Sept. 17, 2026;
        2019" (a semicolon, as English dates hold commas) or "2026年9月17日、2019年"."""
        shown = mark("list").join(when.display() for when in self.whens)
        return shown + ("…" if self.count > len(self.whens) else "")


@dataclass
class CaseNews:
    events: list[CaseEvent]
    added: list[Addition]

    def __bool__(self) -> bool:
        return bool(self.events or self.added)


def last_email_at(row: OutgoingEmail, kinds) -> datetime.datetime | None:
    """When the last email of `kinds` before `row` reached `row`'s recipient."""
    return (
        OutgoingEmail.objects.filter(
            volunteer=row.volunteer_id, kind__in=kinds, status=OutgoingEmail.Status.SENT
        )
        .exclude(pk=row.pk)
        .aggregate(last=Max("sent_at"))["last"]
    )


def for_reader(
    prisoner_ids, *, since: datetime.datetime, today: datetime.date, limit: int
) -> CaseNews:
    """The news (at most `limit`, latest date first) and the timeline additions of the
    prisoners `prisoner_ids` (a list or a subquery) for a reader last written to at
    `since`, on their day `today`. Two queries."""
    added = CaseEvent.objects.published().filter(prisoner_id__in=prisoner_ids, created_at__gt=since)
    recent = today - datetime.timedelta(days=NEWS_DAYS)
    news = added.dated_since(recent).select_related("prisoner").order_by("-date", "-created_at")
    return CaseNews(events=list(news[:limit]), added=_additions(added.dated_before(recent)))


def _additions(events: QuerySet) -> list[Addition]:
    """One Addition per prisoner: its count and its newest dates, in one query."""
    newest_first = [F("date").desc(), F("pk").desc()]
    ranked = (
        events.annotate(
            rank=Window(RowNumber(), partition_by=F("prisoner_id"), order_by=newest_first),
            total=Window(Count("pk"), partition_by=F("prisoner_id")),
        )
        .filter(rank__lte=ADDED_DATES_SHOWN)
        .select_related("prisoner")
        .order_by("prisoner__name", "prisoner_id", "rank")
    )
    additions: dict[int, Addition] = {}
    for event in ranked:
        addition = additions.setdefault(
            event.prisoner_id, Addition(prisoner=event.prisoner, count=event.total)
        )
        addition.whens.append(event.when)
    return list(additions.values())
