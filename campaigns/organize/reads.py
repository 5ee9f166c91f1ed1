"""The dashboard's rows, read fresh at every visit by SQL compiled once per process
(advocacy.compiled, issue 17): Django compiling the eight queries of the lists and the
censorship watch cost about half of the dashboard's Python. The querysets are the
lists' own (campaigns.organize.lists, .censorship), so that a row here is the row of
the list's own page; each read also hands back the rows as the database sent them, the
key under which the dashboard keeps what it drew of them.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber

from advocacy.compiled import Compiled, Fetched, Mark, among

from ..models import Post
from . import censorship, lists

LENGTH = lists.LIST_LENGTH
# A moment no row holds: where `since` goes in the compiled query of the quiet list.
_SINCE = datetime.datetime(1900, 1, 2, 3, 4, 5, 678_901, tzinfo=datetime.UTC)

_ranked = Compiled(lambda: lists.uncovered_prisoners()[:LENGTH])
_uncovered = Compiled(
    lambda ids: lists.uncovered_prisoners().filter(pk__in=among(ids))[:LENGTH], Mark("ids")
)
_quiet = Compiled(lambda since: lists.quiet_since(since)[:LENGTH], _SINCE)


def _recent_posts(volunteers):
    """lists.with_recent_posts for volunteers by id: the same window Django's prefetch of
    a sliced queryset makes, over the same ordering."""
    ranked = Window(
        RowNumber(),
        partition_by=F("volunteer_id"),
        order_by=[F("posted_at").desc(), F("id").desc()],
    )
    return (
        Post.objects.select_related("prisoner")
        .annotate(rank_among_theirs=ranked)
        .filter(Q(volunteer_id__in=among(volunteers)), rank_among_theirs__lte=lists.POSTS_EACH)
        .order_by("-posted_at", "-id")
    )


_recent = Compiled(_recent_posts, Mark("volunteers"))
_posts = Compiled(lambda: lists.posts_newest_first()[:LENGTH])
_failed = Compiled(lambda: lists.failed_email_rows()[:LENGTH])
_vetting = Compiled(lambda: lists.volunteers_to_vet()[:LENGTH])
_removals = Compiled(lambda: censorship.gone_posts(censorship.GONE.REMOVED)[: censorship.LATEST])
_reports = Compiled(lambda: censorship.reports()[: censorship.LATEST])

NOTHING = Fetched([])


def ranked_uncovered() -> Fetched:
    """lists.uncovered_prisoners' first rows: the ranking of every held prisoner."""
    return _ranked.fetch()


def uncovered(ids: list[int]) -> Fetched:
    """The uncovered prisoners `ids` (as ranked_uncovered found them), read again: any
    that left the list since (claimed, released...) is not among them."""
    return _uncovered.fetch(ids) if ids else NOTHING


def quiet(now: datetime.datetime | None = None) -> Fetched:
    """lists.quiet_adoptions' first rows, each volunteer's `recent_posts` with them (their
    raw rows among those `seen`)."""
    found = _quiet.fetch(lists.quiet_before(now))
    if not found.raw:
        return found
    posts = _recent.fetch(list(dict.fromkeys(found.column("volunteer_id"))))

    def build(raw: list) -> list:
        adoptions = found.rows
        theirs = defaultdict(list)
        for post in posts.rows:
            theirs[post.volunteer_id].append(post)
        for adoption in adoptions:
            volunteer = adoption.volunteer
            volunteer.recent_posts = theirs[volunteer.pk]
            for post in volunteer.recent_posts:
                post.volunteer = volunteer  # as the prefetch does
        return adoptions

    return Fetched(found.raw, build, columns=found._columns, seen=[*found.raw, *posts.raw])


def posts() -> Fetched:
    return _posts.fetch()


def failed() -> Fetched:
    return _failed.fetch()


def vetting() -> Fetched:
    """Nobody, without a query, while VOLUNTEERS_NEED_APPROVAL is off."""
    return _vetting.fetch() if settings.VOLUNTEERS_NEED_APPROVAL else NOTHING


def removals() -> Fetched:
    return _removals.fetch()


def reports() -> Fetched:
    return _reports.fetch()
