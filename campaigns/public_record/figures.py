"""The public record's counts: totals, by platform and month, by prisoner, for the CSV.

Every figure is a sum over CensorshipDay rows of published prisoners (an unpublished
prisoner is not shown anywhere, so is not counted either, and the totals agree with the
tables and the CSV) and a count of AccountSuspension rows. No query reads Post.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Max, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from prisoners.models import Prisoner

from ..models import AccountSuspension, CensorshipDay, Post

# The page and the feed show this many months, the current one included.
MONTHS = 12
COUNTS = ("checked", "removed", "suspended")
# What the page needs of a prisoner: their address and their name in the reader's script.
PRISONER_FIELDS = ("slug", "name", "native_name", "pinyin")


def _sums() -> dict:
    return {name: Coalesce(Sum(name), 0) for name in COUNTS}


def published_days() -> QuerySet:
    return CensorshipDay.objects.filter(prisoner__is_published=True)


@dataclass(frozen=True)
class Totals:
    checked: int
    removed: int
    suspended: int
    accounts: int


def totals() -> Totals:
    """All time: posts checked, found removed, found on a suspended account; accounts
    volunteers reported suspended."""
    sums = published_days().aggregate(**_sums())
    return Totals(**sums, accounts=AccountSuspension.objects.count())


def first_month(today: datetime.date, months: int = MONTHS) -> datetime.date:
    """The first day of the earliest of the last `months` months (this one included)."""
    index = today.year * 12 + today.month - 1 - (months - 1)
    return datetime.date(index // 12, index % 12 + 1, 1)


def next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


@dataclass
class PlatformMonth:
    platform: str
    checked: int = 0
    removed: int = 0
    suspended: int = 0
    accounts: int = 0

    @property
    def label(self) -> str:
        return Post.Platform(self.platform).label


@dataclass
class Month:
    month: datetime.date
    platforms: dict[str, PlatformMonth] = field(default_factory=dict)
    # The last day counted in the month: the feed's entry was last updated then.
    last_day: datetime.date | None = None

    def rows(self) -> list[PlatformMonth]:
        """The month's platforms in the order of Post.Platform."""
        order = list(Post.Platform.values)
        return sorted(self.platforms.values(), key=lambda row: order.index(row.platform))

    def total(self, name: str) -> int:
        return sum(getattr(row, name) for row in self.platforms.values())

    def updated(self) -> datetime.datetime:
        """When the month's figures last changed: the end of its last counted day."""
        end = min(self.last_day + datetime.timedelta(days=1), next_month(self.month))
        return datetime.datetime.combine(end, datetime.time(), tzinfo=datetime.UTC)


def by_month(today: datetime.date | None = None, months: int = MONTHS) -> list[Month]:
    """The last `months` months that have anything, newest first, each by platform: two
    grouped queries whatever the number of days, posts or reports."""
    since = first_month(today or timezone.now().date(), months)
    found: dict[datetime.date, Month] = {}
    days = (
        published_days()
        .filter(day__gte=since)
        .annotate(month=TruncMonth("day"))
        .values("month", "platform")
        .annotate(**_sums(), last_day=Max("day"))
        .filter(Q(checked__gt=0) | Q(removed__gt=0) | Q(suspended__gt=0))
    )
    for row in days:
        month = found.setdefault(row["month"], Month(row["month"]))
        month.platforms[row["platform"]] = PlatformMonth(
            row["platform"], *(row[name] for name in COUNTS)
        )
        month.last_day = max(filter(None, (month.last_day, row["last_day"])))
    for row in _suspensions_since(since):
        month = found.setdefault(row["month"], Month(row["month"]))
        platform = month.platforms.setdefault(row["platform"], PlatformMonth(row["platform"]))
        platform.accounts = row["accounts"]
        month.last_day = max(filter(None, (month.last_day, row["last_day"])))
    return sorted(found.values(), key=lambda month: month.month, reverse=True)


def _suspensions_since(since: datetime.date) -> list[dict]:
    start = datetime.datetime.combine(since, datetime.time(), tzinfo=datetime.UTC)
    rows = (
        AccountSuspension.objects.filter(reported_at__gte=start)
        .annotate(month=TruncMonth("reported_at", tzinfo=datetime.UTC))
        .values("month", "platform")
        .annotate(accounts=Count("pk"), last=Max("reported_at"))
    )
    return [
        {
            **row,
            "month": row["month"].date(),
            "last_day": row["last"].astimezone(datetime.UTC).date(),
        }
        for row in rows
    ]


def by_prisoner() -> QuerySet:
    """Prisoners whose posts were found removed or on a suspended account, most first:
    dicts of the prisoner's id and their counts (a grouped query, ready to paginate)."""
    return (
        published_days()
        .values("prisoner")
        .annotate(**_sums())
        .annotate(gone=F("removed") + F("suspended"))
        .filter(gone__gt=0)
        .order_by("-gone", "-checked", "prisoner")
    )


def with_prisoners(rows) -> list[dict]:
    """The rows with their prisoner (only what the page shows of them): one query."""
    rows = list(rows)
    prisoners = Prisoner.objects.only(*PRISONER_FIELDS).in_bulk([row["prisoner"] for row in rows])
    return [{**row, "prisoner": prisoners[row["prisoner"]]} for row in rows]


def for_csv() -> list[dict]:
    """Every month, platform and prisoner with a count, oldest month first: two queries."""
    rows = (
        published_days()
        .annotate(month=TruncMonth("day"))
        .values("month", "platform", "prisoner")
        .annotate(**_sums())
        .order_by("month", "platform", "prisoner")
    )
    return with_prisoners(rows)
