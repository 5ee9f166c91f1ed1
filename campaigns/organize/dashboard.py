"""/organize/: how the campaign stands, and what needs doing this week."""

import time

from django.conf import settings
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from advocacy import heartbeat
from advocacy.compiled import Fetched

from .. import figures
from ..models import Post
from . import censorship, charts, kept, lists, reads

LAST_POSTED = "volunteer__campaign_settings__last_posted_at"


@never_cache
def dashboard(request):
    # The figures are kept a minute (campaigns.organize.kept); the rows are read fresh
    # (campaigns.organize.reads), and what is drawn of them kept under all they show.
    now = timezone.now()
    ranked = {}  # the uncovered rows, when counting the figures read them
    counted = kept.kept(lambda: _figures(ranked), language=get_language())
    uncovered = ranked.get("rows") or reads.uncovered(counted["uncovered_ids"])
    uncovered_total, headline = counted["uncovered"], counted["headline"]
    quiet, posts, failed = reads.quiet(now), reads.posts(), reads.failed()
    vetting, removals, reports = reads.vetting(), reads.removals(), reads.reports()
    beat = _beat()
    context = {
        "headline": headline,
        "beat": beat,
        "charts": counted["charts"],
        "uncovered": lists.Excerpt(_rows(uncovered), uncovered_total),
        "quiet": lists.Excerpt(_rows(quiet), counted["quiet"]),
        "recent_posts": _rows(posts),
        "posts_total": counted["posts_total"],
        "failed": lists.Excerpt(_rows(failed), counted["failed"]),
        "vetting": lists.Excerpt(_rows(vetting), counted["vetting"]),
        "needs_approval": settings.VOLUNTEERS_NEED_APPROVAL,
        "censorship": {
            **counted["censorship"],
            "removals": _rows(removals),
            "reports": _rows(reports),
        },
    }
    # Everything the content shows besides what kept.drawn adds (the language, time
    # zone, day, path, whether the reader is staff): the rows as the database sent
    # them, the figures (by when they were counted), the ages it words, the setting.
    seen = (
        counted["counted_at"],
        headline,
        kept.age(headline.oldest_queued_at, now),
        beat["state"],
        beat["last"],
        kept.age(beat["last"], now),
        uncovered_total,
        [found.seen for found in (uncovered, quiet, posts, failed, vetting, removals, reports)],
        [kept.age(moment, now) for moment in uncovered.column("uncovered_since")],
        [kept.age(moment, now) for moment in quiet.column(LAST_POSTED)],
        [kept.age(moment, now) for moment in vetting.column("date_joined")],
        settings.VOLUNTEERS_NEED_APPROVAL,
    )
    content = kept.drawn(
        "organize/_dashboard.html",
        context,
        request,
        seen=seen,
        rows=lambda: _drawn_rows(request, context, now),
    )
    return render(request, "organize/dashboard.html", {**context, "content": content})


def _drawn_rows(request, context: dict, now) -> dict:
    """The rows of the uncovered, quiet and posts lists as drawn (a content not kept)."""
    return {
        "uncovered_rows": kept.drawn_rows(
            "organize/_uncovered_row.html",
            "prisoner",
            context["uncovered"].rows,
            request,
            shown=lambda prisoner: _uncovered_shown(prisoner, now),
        ),
        "quiet_rows": kept.drawn_rows(
            "organize/_quiet_row.html",
            "adoption",
            context["quiet"].rows,
            request,
            shown=lambda adoption: _quiet_shown(adoption, now),
        ),
        "recent_post_rows": kept.drawn_rows(
            "organize/_post.html",
            "post",
            context["recent_posts"],
            request,
            shown=kept.post_shown,
            extra={"with_who": True},
        ),
    }


def _figures(ranked: dict) -> dict:
    """What the dashboard counts and draws: the same for every organizer, in the active
    language (the charts as HTML, drawn once). With them, which prisoners head the
    uncovered list: ranking every held prisoner by how long they have gone uncovered is
    the dashboard's slowest query (tens of ms at 50,000 prisoners, issue 17), so only
    their ids are kept (their rows are read fresh by id: reads.uncovered); the rows read
    here go to `ranked` for this visit. The headline figures are counted here too, and
    kept with the rest (they were kept a minute by the same generation on their own)."""
    section = censorship.dashboard_figures()
    section["chart"] = _drawn(section["chart"])
    ranked["rows"] = reads.ranked_uncovered()
    return {
        "uncovered_ids": ranked["rows"].column("id"),
        "uncovered": lists.uncovered_prisoners().count(),
        "headline": figures.compute_headline(),
        "charts": [_drawn(chart) for chart in _trend_charts()],
        "posts_total": Post.objects.count(),
        "quiet": lists.quiet_adoptions().count(),
        "failed": lists.failed_email_rows().count(),
        "vetting": lists.volunteers_to_vet().count(),
        "censorship": section,
        "counted_at": time.time_ns(),  # tells these figures from any counted another time
    }


def _rows(found: Fetched) -> SimpleLazyObject:
    """The rows as models, made only if something reads them (a content not kept)."""
    return SimpleLazyObject(lambda: found.rows)


def _uncovered_shown(prisoner, now) -> tuple:
    """Everything organize/_uncovered_row.html shows of `prisoner`."""
    return (*kept.prisoner_shown(prisoner), kept.age(prisoner.uncovered_since, now))


def _last_posted(adoption):
    prefs = getattr(adoption.volunteer, "campaign_settings", None)
    return prefs.last_posted_at if prefs else None


def _quiet_shown(adoption, now) -> tuple:
    """Everything organize/_quiet_row.html shows of `adoption`."""
    volunteer = adoption.volunteer
    return (
        volunteer.pk,
        str(volunteer),
        kept.age(_last_posted(adoption), now),
        kept.prisoner_shown(adoption.prisoner),
        [kept.post_shown(post) for post in volunteer.recent_posts],
    )


def _drawn(chart: charts.Chart) -> str:
    return render_to_string("organize/_chart.html", {"chart": chart})


def _trend_charts() -> list[charts.Chart]:
    weeks = figures.trends()
    # Month/day of each week's Monday: short, and read the same in every language.
    labels = [f"{w.week.month}/{w.week.day}" for w in weeks]
    return [
        charts.build(
            _("Share of held prisoners with a defender"),
            labels,
            [[None if w.share is None else 100 * w.share for w in weeks]],
            [_("With a defender")],
            kind="line",
            top=100,
            unit="%",
        ),
        charts.build(_("Posts per week"), labels, [[w.posts for w in weeks]], [_("Posts")]),
        charts.build(
            _("New defenders and lapses per week"),
            labels,
            [[w.claims for w in weeks], [w.lapses for w in weeks]],
            [_("New defenders"), _("Lapsed")],
        ),
    ]


def _beat() -> dict:
    """Whether the scheduler ticks (advocacy/beat.py): without it no reminder is queued."""
    last = heartbeat.last_tick()
    return {"state": heartbeat.state(last), "last": last}
