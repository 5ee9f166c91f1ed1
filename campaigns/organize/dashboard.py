"""/organize/: how the campaign stands, and what needs doing this week."""

from django.conf import settings
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from advocacy import heartbeat

from .. import figures
from ..models import Post
from . import censorship, charts, kept, lists, reads


@never_cache
def dashboard(request):
    # The figures are kept a minute (campaigns.organize.kept); the rows are read fresh.
    counted = kept.kept(_figures, language=get_language())
    first, uncovered_total = reads.uncovered()
    uncovered = lists.Excerpt(first.rows, uncovered_total)
    quiet = lists.Excerpt(reads.quiet().rows, counted["quiet"])
    posts = reads.posts().rows
    return render(
        request,
        "organize/dashboard.html",
        {
            "headline": figures.headline(),
            "beat": _beat(),
            "charts": counted["charts"],
            "uncovered": uncovered,
            "uncovered_rows": kept.drawn_rows(
                "organize/_uncovered_row.html",
                "prisoner",
                uncovered.rows,
                request,
                shown=_uncovered_shown,
            ),
            "quiet": quiet,
            "quiet_rows": kept.drawn_rows(
                "organize/_quiet_row.html", "adoption", quiet.rows, request, shown=_quiet_shown
            ),
            "recent_posts": posts,
            "recent_post_rows": kept.drawn_rows(
                "organize/_post.html",
                "post",
                posts,
                request,
                shown=kept.post_shown,
                extra={"with_who": True},
            ),
            "posts_total": counted["posts_total"],
            "failed": lists.Excerpt(reads.failed().rows, counted["failed"]),
            "vetting": lists.Excerpt(reads.vetting().rows, counted["vetting"]),
            "needs_approval": settings.VOLUNTEERS_NEED_APPROVAL,
            "censorship": {
                **counted["censorship"],
                "removals": reads.removals().rows,
                "reports": reads.reports().rows,
            },
        },
    )


def _figures() -> dict:
    """What the dashboard counts and draws: the same for every organizer, in the active
    language (the charts as HTML, drawn once)."""
    section = censorship.dashboard_figures()
    section["chart"] = _drawn(section["chart"])
    return {
        "charts": [_drawn(chart) for chart in _trend_charts()],
        "posts_total": Post.objects.count(),
        "quiet": lists.quiet_adoptions().count(),
        "failed": lists.failed_email_rows().count(),
        "vetting": lists.volunteers_to_vet().count(),
        "censorship": section,
    }


def _uncovered_shown(prisoner) -> tuple:
    """Everything organize/_uncovered_row.html shows of `prisoner`."""
    return (*kept.prisoner_shown(prisoner), prisoner.uncovered_since)


def _quiet_shown(adoption) -> tuple:
    """Everything organize/_quiet_row.html shows of `adoption`."""
    volunteer = adoption.volunteer
    prefs = getattr(volunteer, "campaign_settings", None)
    return (
        volunteer.pk,
        str(volunteer),
        prefs.last_posted_at if prefs else None,
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
