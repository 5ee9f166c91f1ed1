"""A volunteer's own data, as they download it (`/me/settings/export/`, S13)."""

from .services import settings_for


def export_data(volunteer) -> dict:
    """Everything this app holds about one volunteer, for them to download (S13)."""
    prefs = settings_for(volunteer)
    adoptions = volunteer.adoptions.select_related("prisoner").order_by("started_at")
    posts = volunteer.posts.select_related("prisoner").order_by("posted_at", "pk")
    suspensions = volunteer.account_suspensions.select_related("prisoner").order_by("reported_at")
    return {
        "account": {
            "email": volunteer.email,
            "display_name": volunteer.display_name,
            "language": volunteer.language,
            "timezone": volunteer.timezone,
            "joined": volunteer.date_joined.isoformat(),
        },
        "settings": {
            "reminder_weekday": prefs.reminder_weekday,
            "reminder_hour": prefs.reminder_hour,
            "paused_until": prefs.paused_until.isoformat() if prefs.paused_until else None,
            "public_credit": prefs.public_credit,
        },
        "adoptions": [
            {
                "prisoner": str(a.prisoner),
                "role": a.role,
                "started": a.started_at.isoformat(),
                "ended": a.ended_at.isoformat() if a.ended_at else None,
                "end_reason": a.end_reason,
                "end_reason_in_words": str(a.get_end_reason_display()),
                # Their own words on handing back. Organizers' notes (OrganizerNote) are
                # never read here: they are not the volunteer's to see.
                "message": a.end_message,
            }
            for a in adoptions
        ],
        "posts": [
            {
                "prisoner": str(p.prisoner),
                "platform": p.platform,
                "link": p.link,
                "text": p.text,
                "posted_at": p.posted_at.isoformat(),
                # What the censorship watch found (campaigns/linkcheck/).
                "link_status": p.link_status,
                "link_checked_at": _iso(p.link_checked_at),
                "link_last_seen_online": _iso(p.link_live_at),
                "link_found_gone": _iso(p.link_gone_at),
            }
            for p in posts
        ],
        "account_suspensions": [
            {
                "platform": s.platform,
                "prisoner": str(s.prisoner) if s.prisoner else None,
                "reported_at": s.reported_at.isoformat(),
            }
            for s in suspensions
        ],
    }


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None
