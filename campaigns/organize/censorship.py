"""The censorship watch as organizers see it: posts removed, and posts on suspended
accounts, by platform and week; the latest of them; the accounts volunteers reported
suspended; and last week's figures for the Monday digest.

Figures by week and platform are sums of the daily counters (CensorshipDay), never a
scan of the posts: their cost follows the weeks and platforms shown. The counters are
kept per UTC day, so a week here is the ISO week of those days. The lists read posts by
the partial index on `link_gone_at` and are paginated. Access is the gate's business.
"""

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncWeek
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .. import weeks
from ..models import AccountSuspension, CensorshipDay, Post
from . import charts

CENSORSHIP_WEEKS = 12
# How many removals and reports the dashboard shows before "all of them".
LATEST = 5
PER_PAGE = 50
PLATFORM_NAMES = dict(Post.Platform.choices)
GONE = Post.LinkStatus


@dataclass
class Cell:
    removed: int = 0
    suspended: int = 0

    def add(self, other: "Cell") -> None:
        self.removed += other.removed
        self.suspended += other.suspended


@dataclass
class Row:
    label: str
    cells: list[Cell]
    total: Cell = field(default_factory=Cell)


@dataclass
class Table:
    """Weeks (oldest first) x platforms that lost a post in those weeks, with totals."""

    platforms: list[str]
    rows: list[Row]
    totals: Row


def _sums(days: Q, *by: str, **derived):
    """Removed and suspended summed over the counters of `days`, grouped `by` fields
    and `derived` expressions (the week of a day)."""
    return (
        CensorshipDay.objects.filter(days)
        .annotate(**derived)
        .values(*by, *derived)
        .annotate(removed_sum=Sum("removed"), suspended_sum=Sum("suspended"))
        .filter(Q(removed_sum__gt=0) | Q(suspended_sum__gt=0))
        .order_by()
    )


def week_label(monday: datetime.date) -> str:
    # Month/day of the Monday, as the dashboard's other charts: short in every language.
    return f"{monday.month}/{monday.day}"


def by_platform_and_week(today: datetime.date | None = None) -> Table:
    """The last CENSORSHIP_WEEKS weeks (UTC days), one query."""
    first = weeks.monday(today or timezone.now().date())
    first -= datetime.timedelta(weeks=CENSORSHIP_WEEKS - 1)
    found = {
        (row["week"], row["platform"]): Cell(row["removed_sum"], row["suspended_sum"])
        for row in _sums(Q(day__gte=first), "platform", week=TruncWeek("day"))
    }
    present = {platform for _week, platform in found}
    platforms = [code for code in PLATFORM_NAMES if code in present]
    totals = Row(_("Total"), [Cell() for _code in platforms])
    rows = []
    for n in range(CENSORSHIP_WEEKS):
        monday = first + datetime.timedelta(weeks=n)
        row = Row(week_label(monday), [found.get((monday, code), Cell()) for code in platforms])
        for cell, total in zip(row.cells, totals.cells, strict=True):
            row.total.add(cell)
            total.add(cell)
        totals.total.add(row.total)
        rows.append(row)
    return Table([PLATFORM_NAMES[code] for code in platforms], rows, totals)


def chart_of(table: Table) -> charts.Chart:
    return charts.build(
        _("Posts gone per week"),
        [row.label for row in table.rows],
        [[row.total.removed for row in table.rows], [row.total.suspended for row in table.rows]],
        [_("Removed"), _("On suspended accounts")],
    )


def gone_posts(status: str):
    """Posts found gone with `status` (removed, account suspended), latest found first."""
    return (
        Post.objects.filter(link_gone_at__isnull=False, link_status=status)
        .select_related("volunteer", "prisoner")
        .order_by("-link_gone_at", "-id")
    )


def gone_totals() -> dict[str, int]:
    """How many posts are gone now, removed and on suspended accounts (one query)."""
    return Post.objects.filter(link_gone_at__isnull=False).aggregate(
        removed=Count("pk", filter=Q(link_status=GONE.REMOVED)),
        suspended=Count("pk", filter=Q(link_status=GONE.ACCOUNT_SUSPENDED)),
    )


def reports():
    """Volunteers' reports of a suspended account, newest first."""
    return AccountSuspension.objects.select_related("volunteer", "prisoner").order_by(
        "-reported_at", "-id"
    )


def dashboard_figures(today: datetime.date | None = None) -> dict:
    """The figures of the dashboard's "Censorship" section (three queries, whatever the
    number of posts; the dashboard keeps them a minute: campaigns.organize.kept)."""
    table = by_platform_and_week(today)
    return {
        "table": table,
        "chart": chart_of(table),
        "gone": gone_totals(),
        "reports_total": AccountSuspension.objects.count(),
    }


def dashboard_lists() -> dict:
    """The section's latest removals and reports (two queries, read at each visit)."""
    return {
        "removals": list(gone_posts(GONE.REMOVED)[:LATEST]),
        "reports": list(reports()[:LATEST]),
    }


def dashboard_section(today: datetime.date | None = None) -> dict:
    """The dashboard's "Censorship" section: five queries, whatever the number of posts."""
    return {**dashboard_figures(today), **dashboard_lists()}


@dataclass
class LastWeek:
    """The campaign week before `now`'s, for the Monday digest."""

    platforms: list[tuple[str, Cell]]
    total: Cell
    reports: list[AccountSuspension]
    reports_total: int


def last_week(now: datetime.datetime | None = None, limit: int = 10) -> LastWeek:
    end = weeks.week_start(weeks.campaign_now(now))
    start = weeks.week_start(end - datetime.timedelta(days=1))
    days = Q(day__gte=start.date(), day__lt=end.date())
    total = Cell()
    platforms = []
    sums = {row["platform"]: row for row in _sums(days, "platform")}
    for code, name in PLATFORM_NAMES.items():
        if code in sums:
            cell = Cell(sums[code]["removed_sum"], sums[code]["suspended_sum"])
            total.add(cell)
            platforms.append((name, cell))
    reported = reports().filter(reported_at__gte=start, reported_at__lt=end)
    return LastWeek(platforms, total, list(reported[:limit]), reported.count())


def _page(request, rows):
    return Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))


@never_cache
def removals(request):
    page = _page(request, gone_posts(GONE.REMOVED))
    return render(request, "organize/removals.html", {"page": page, "suspended": False})


@never_cache
def suspended_posts(request):
    page = _page(request, gone_posts(GONE.ACCOUNT_SUSPENDED))
    return render(request, "organize/removals.html", {"page": page, "suspended": True})


@never_cache
def suspended(request):
    return render(request, "organize/suspended.html", {"page": _page(request, reports())})
