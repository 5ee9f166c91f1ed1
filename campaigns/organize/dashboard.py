"""/organize/: how the campaign stands, and what needs doing this week."""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from advocacy import heartbeat

from .. import figures
from ..models import Post
from . import censorship, charts, lists


@never_cache
def dashboard(request):
    weeks = figures.trends()
    # Month/day of each week's Monday: short, and read the same in every language.
    labels = [f"{w.week.month}/{w.week.day}" for w in weeks]
    return render(
        request,
        "organize/dashboard.html",
        {
            "headline": figures.headline(),
            "beat": _beat(),
            "charts": [
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
            ],
            "uncovered": lists.uncovered_excerpt(),
            "quiet": lists.excerpt(lists.quiet_adoptions()),
            "recent_posts": list(lists.posts_newest_first()[: lists.LIST_LENGTH]),
            "posts_total": Post.objects.count(),
            "failed": lists.excerpt(lists.failed_email_rows()),
            "vetting": lists.excerpt(lists.volunteers_to_vet()),
            "needs_approval": settings.VOLUNTEERS_NEED_APPROVAL,
            "censorship": censorship.dashboard_section(),
        },
    )


def _beat() -> dict:
    """Whether the scheduler ticks (advocacy/beat.py): without it no reminder is queued."""
    last = heartbeat.last_tick()
    return {"state": heartbeat.state(last), "last": last}
