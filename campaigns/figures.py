"""The campaign's figures, each defined once: who is held and who is defended, the home
page's counters, the organizers' headline and trends, and the weekly rollups behind them.

Figures come from maintained rollups (CampaignWeek, bumped in the same transaction as
what they count; VolunteerSettings.last_posted_at) or from indexed queries bounded by a
week, never from counting every post, so they cost the same with a hundred posts or
millions. Computed figures are cached under the page generation of advocacy.pagecache:
`figures_changed()` moves it after a commit and retires every cached page and figure at
once, whatever changed.
"""

import datetime
from dataclasses import dataclass

import redis
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, TruncWeek
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from advocacy.compiled import Compiled
from advocacy.pagecache import generation, pages_changed
from prisoners.models import Prisoner

from . import weeks
from .models import Adoption, CampaignWeek, OutgoingEmail, Post, VolunteerSettings
from .organize import controls

COUNTERS_SECONDS = 300
HEADLINE_SECONDS = 60
# "Active volunteers": posted in the last ACTIVE_DAYS (home page and dashboard alike).
ACTIVE_DAYS = 30
TREND_WEEKS = 12
ROLLUP_COUNTERS = ("posts", "claims", "lapses", "other_ends")


def figures_changed() -> None:
    """Something the public pages or the figures show changed: retire them once the
    transaction commits (at once outside one).

    After the commit, not before: a visitor recounting in between would cache the old
    figures again, and Redis is never called while the change holds its row locks (a
    transaction that changes several things moves the generation several times: one
    INCR each). Every change goes through here (prisoners/ calls pages_changed, the same
    mechanism, since it cannot import this app).
    """
    transaction.on_commit(pages_changed)


def _cached(name: str, compute, seconds: int):
    try:
        return cache.get_or_set(f"figures:{name}:{generation()}", compute, seconds)
    except redis.RedisError:
        return compute()  # no cache: counted live, still right


# -- Held and defended ---------------------------------------------------------------


def active_defence():
    """The active defender adoption of the outer query's prisoner (a subquery)."""
    return Adoption.objects.active().defenders().filter(prisoner=OuterRef("pk"))


def held_prisoners():
    """Published prisoners still held: the ones the campaign wants defended."""
    return Prisoner.objects.published().held()


def coverage_now() -> tuple[int, int]:
    """(held, defended): held prisoners, and how many of them have a defender, now."""
    totals = held_prisoners().aggregate(
        held=Count("pk"), defended=Count("pk", filter=Q(Exists(active_defence())))
    )
    return totals["held"], totals["defended"]


# -- The home page's counters ----------------------------------------------------------


def compute_counters(now: datetime.datetime | None = None) -> dict:
    now = now or timezone.now()
    held, defended = coverage_now()
    return {
        "published": Prisoner.objects.published().count(),
        "held": held,
        "defended": defended,
        "defended_share": round(100 * defended / held) if held else 0,
        "needing": held - defended,
        "posts_this_week": posts_in_week(weeks.week_of(now)),
        "active_volunteers": active_volunteers(now),
    }


def campaign_counters() -> dict:
    """Cached a few minutes so that the home page never counts per visit."""
    return _cached("counters", compute_counters, COUNTERS_SECONDS)


def posts_in_week(week: datetime.date) -> int:
    """Posts of a campaign week, from the weekly rollup (never a count over posts)."""
    found = CampaignWeek.objects.filter(week=week).values_list("posts", flat=True).first()
    return found or 0


def active_volunteers(now: datetime.datetime) -> int:
    """Volunteers who posted in the last ACTIVE_DAYS (an indexed count on last_posted_at)."""
    since = now - datetime.timedelta(days=ACTIVE_DAYS)
    return VolunteerSettings.objects.filter(last_posted_at__gte=since).count()


# -- The organizers' headline ------------------------------------------------------------


@dataclass(frozen=True)
class Headline:
    published: int
    held: int
    defended: int
    supporters: int
    posts_this_week: int
    posts_last_week: int
    active_volunteers: int
    reminders_sent: int
    reminders_failed: int
    reminders_queued: int
    oldest_queued: datetime.timedelta | None
    now: datetime.datetime

    @property
    def oldest_queued_at(self) -> datetime.datetime | None:
        return self.now - self.oldest_queued if self.oldest_queued else None

    @property
    def defended_share(self) -> int:
        return round(100 * self.defended / self.held) if self.held else 0


def headline(now: datetime.datetime | None = None) -> Headline:
    """The headline figures now, kept for a minute (any change retires them)."""
    if now is not None:
        return compute_headline(now)
    return _cached("headline", compute_headline, HEADLINE_SECONDS)


def compute_headline(now: datetime.datetime | None = None) -> Headline:
    now = now or timezone.now()
    this_week = weeks.week_of(now)
    last_week = this_week - datetime.timedelta(weeks=1)
    posts = dict(
        CampaignWeek.objects.filter(week__in=[this_week, last_week]).values_list("week", "posts")
    )
    held, defended = coverage_now()
    week_start = datetime.datetime.combine(this_week, datetime.time(), weeks.campaign_tz())
    by_status = dict(
        OutgoingEmail.objects.filter(created_at__gte=week_start)
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    status = OutgoingEmail.Status
    return Headline(
        published=Prisoner.objects.published().count(),
        held=held,
        defended=defended,
        supporters=Adoption.objects.active()
        .filter(role=Adoption.Role.SUPPORTER)
        .values("volunteer")
        .distinct()
        .count(),
        posts_this_week=posts.get(this_week, 0),
        posts_last_week=posts.get(last_week, 0),
        active_volunteers=active_volunteers(now),
        reminders_sent=by_status.get(status.SENT, 0),
        reminders_failed=by_status.get(status.FAILED, 0),
        reminders_queued=by_status.get(status.QUEUED, 0) + by_status.get(status.IN_FLIGHT, 0),
        oldest_queued=backlog_age(now),
        now=now,
    )


def backlog_age(now: datetime.datetime | None = None) -> datetime.timedelta | None:
    """How long the oldest email still waiting to be sent has waited."""
    oldest = (
        OutgoingEmail.objects.pending()
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return (now or timezone.now()) - oldest if oldest else None


# -- Weekly rollups and trends --------------------------------------------------------------


@dataclass(frozen=True)
class Week:
    week: datetime.date
    posts: int
    claims: int
    lapses: int
    share: float | None  # 0..1, None when not recorded that week


def trends(now: datetime.datetime | None = None, count: int = TREND_WEEKS) -> list[Week]:
    """The last `count` campaign weeks, oldest first; weeks with no row count zero."""
    first = weeks.week_of(now or timezone.now()) - datetime.timedelta(weeks=count - 1)
    rows = {row.week: row for row in CampaignWeek.objects.filter(week__gte=first)}
    result = []
    for i in range(count):
        week = first + datetime.timedelta(weeks=i)
        row = rows.get(week)
        shown = (row.posts, row.claims, row.lapses, row.coverage_share) if row else (0, 0, 0, None)
        result.append(Week(week, *shown))
    return result


def bump(moment: datetime.datetime, **deltas: int) -> None:
    """Add to the counters of the campaign week holding `moment`, in the caller's
    transaction: a rolled-back post or claim never counts."""
    if not any(deltas.values()):
        return
    sql, params = bump_statement(moment, **deltas)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def bump_statement(moment: datetime.datetime, source: str = "", **deltas: int):
    """(sql, params) of `bump`; with `source`, once per row of that CTE (campaigns/writes.py
    counts a claim or a post in the statement that makes it)."""
    values = [deltas.get(name, 0) for name in ROLLUP_COUNTERS]
    updates = ", ".join(
        f"{name} = campaigns_campaignweek.{name} + EXCLUDED.{name}" for name in ROLLUP_COUNTERS
    )
    rows = "VALUES (%s, %s, %s, %s, %s)"
    if source:
        rows = f"SELECT %s, %s, %s, %s, %s FROM {source}"  # noqa: S608 - a CTE's name
    sql = (
        "INSERT INTO campaigns_campaignweek (week, posts, claims, lapses, other_ends) "
        f"{rows} ON CONFLICT (week) DO UPDATE SET {updates}"
    )
    return sql, [weeks.week_of(moment), *values]


def snapshot(now: datetime.datetime | None = None) -> None:
    """Record this week's coverage (the tick calls it; the last call of a week stays)."""
    held, defended = coverage_now()
    CampaignWeek.objects.update_or_create(
        week=weeks.week_of(now or timezone.now()), defaults={"held": held, "defended": defended}
    )


def _weekly_counts(queryset, field: str, **counts) -> dict[datetime.date, dict]:
    rows = (
        queryset.annotate(week=TruncWeek(field, tzinfo=weeks.campaign_tz()))
        .values("week")
        .annotate(**counts)
    )
    return {row.pop("week").date(): row for row in rows}


@transaction.atomic
def rebuild() -> int:
    """Recompute every week from the source tables (repair, or after an import)."""
    defenders = Adoption.objects.defenders()
    lapsed = Q(end_reason=Adoption.EndReason.LAPSED)
    found = [
        _weekly_counts(Post.objects.all(), "posted_at", posts=Count("id")),
        _weekly_counts(defenders, "started_at", claims=Count("id")),
        _weekly_counts(
            defenders.filter(ended_at__isnull=False),
            "ended_at",
            lapses=Count("id", filter=lapsed),
            other_ends=Count("id", filter=~lapsed),
        ),
    ]
    rows: dict[datetime.date, dict] = {}
    for counts in found:
        for week, values in counts.items():
            rows.setdefault(week, dict.fromkeys(ROLLUP_COUNTERS, 0)).update(values)
    # Each volunteer's last post, which the activity figures read.
    VolunteerSettings.objects.update(
        last_posted_at=Subquery(
            Post.objects.filter(volunteer=OuterRef("volunteer"))
            .order_by("-posted_at")
            .values("posted_at")[:1]
        )
    )
    CampaignWeek.objects.all().update(**dict.fromkeys(ROLLUP_COUNTERS, 0))
    for week, counts in rows.items():
        CampaignWeek.objects.update_or_create(week=week, defaults=counts)
    snapshot()
    return len(rows)


# -- Coverage on the prisoners' pages ---------------------------------------------------


class AdoptionCoverage:
    """The campaign's answer to "does this prisoner have a defender?" for prisoners/.

    The prisoners app knows nothing about volunteers; its list and detail views take a
    coverage object, and the URL configuration hands them this one. On a profile it also
    adds the Defend / Support buttons (`actions_template` with `detail_context`).
    """

    actions_template = "campaigns/_actions.html"

    def annotate(self, prisoners: QuerySet) -> QuerySet:
        """Add `defended_since`: when the active defence began, or None."""
        return prisoners.annotate(
            defended_since=Subquery(active_defence().values("started_at")[:1])
        )

    @staticmethod
    def supporter_count():
        """An expression: the prisoner's number of active supporters (0 for none)."""
        supporters = (
            Adoption.objects.active()
            .filter(prisoner=OuterRef("pk"), role=Adoption.Role.SUPPORTER)
            .order_by()
            .values("prisoner")
            .annotate(n=Count("*"))
            .values("n")
        )
        return Coalesce(Subquery(supporters, output_field=IntegerField()), 0)

    def annotate_detail(self, prisoners: QuerySet) -> QuerySet:
        """Also the number of supporters, and the defender's name if they opted in."""
        credited = active_defence().filter(volunteer__campaign_settings__public_credit=True)
        return self.annotate(prisoners).annotate(
            supporter_count=self.supporter_count(),
            credited_defender=Subquery(credited.values("volunteer__display_name")[:1]),
        )

    def needing_defender(self, prisoners: QuerySet) -> QuerySet:
        return prisoners.published().held().filter(~Exists(active_defence()))

    def most_in_need(self, prisoners: QuerySet) -> QuerySet:
        """Who most needs a defender: highest priority, then longest without one.

        "Longest without one" is since the last defence ended, or since the prisoner
        was added when nobody ever defended them; the pk breaks ties so that the order
        is stable for "another".
        """
        last_ended = (
            Adoption.objects.defenders()
            .filter(prisoner=OuterRef("pk"))
            .order_by("-ended_at")
            .values("ended_at")[:1]
        )
        return (
            self.needing_defender(prisoners)
            .annotate(uncovered_since=Coalesce(Subquery(last_ended), F("created_at")))
            .order_by("-priority", F("uncovered_since").asc(nulls_first=True), "pk")
        )

    def detail_context(self, request, prisoner) -> dict:
        """The visitor's own relation to this prisoner, for the buttons (one query), and
        for an organizer with a second factor their controls (one more). The prisoner
        they defend elsewhere is read only if the buttons name them (one more)."""
        if not request.user.is_authenticated:
            return {}
        defender, supporter = Adoption.Role.DEFENDER, Adoption.Role.SUPPORTER
        mine = _readers_adoptions.run(prisoner.pk, request.user.pk)
        here = {a.role for a in mine if a.prisoner_id == prisoner.pk}
        defended = next((a.prisoner_id for a in mine if a.role == defender), None)
        return {
            "i_defend": defender in here,
            "i_support": supporter in here,
            "my_defended": _defended(defended, prisoner),
            "controls_template": controls.TEMPLATE if controls.may_act(request.user) else "",
        }


# The reader's active adoptions of this prisoner and their defence anywhere, compiled once
# (advocacy/compiled.py): the marks stand for the prisoner's and the reader's ids.
_readers_adoptions = Compiled(
    lambda prisoner, volunteer: Adoption.objects.active().filter(
        Q(prisoner=prisoner) | Q(role=Adoption.Role.DEFENDER), volunteer=volunteer
    ),
    -7_100_021,
    -7_100_022,
)


def _defended(pk, prisoner):
    if pk is None or pk == prisoner.pk:
        return prisoner if pk else None
    return SimpleLazyObject(lambda: Prisoner.objects.get(pk=pk))


coverage = AdoptionCoverage()
