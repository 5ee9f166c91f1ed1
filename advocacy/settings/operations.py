"""Operations: logs, error reporting and backups (README "Logs and errors", "Backups")."""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from advocacy import error_reports

from .base import BASE_DIR, env

LOG_LEVEL = env.str("LOG_LEVEL", default="INFO").upper()
LOG_FORMATS = ("plain", "json")
LOG_FORMAT = env.str("LOG_FORMAT", default="").strip().lower() or "plain"
if LOG_FORMAT not in LOG_FORMATS:
    raise ImproperlyConfigured(
        f"LOG_FORMAT={LOG_FORMAT!r} is not a log format: use plain (the default) or json."
    )

# Every process (gunicorn's workers, Celery's worker and beat: advocacy/celery.py) logs
# through this one handler on standard error; the journal keeps it in production.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_emails": {"()": "advocacy.logs.RedactEmails"}},
    "formatters": {
        "plain": {"()": "advocacy.logs.PlainFormatter"},
        "json": {"()": "advocacy.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["redact_emails"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's own handlers (a console only with DEBUG, mail to ADMINS, of which
        # there are none) give way to ours: its records reach the root's handler.
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# Error reports: off unless SENTRY_DSN is set (advocacy/error_reports.py).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
SENTRY_ENVIRONMENT = env.str("SENTRY_ENVIRONMENT", default="production")
error_reports.init(SENTRY_DSN, SENTRY_ENVIRONMENT)

# Backups (README "Backups"): `manage.py backup` writes here, keeping the newest sets.
# Empty means the default, as a commented-out line of .env.example does.
BACKUP_DIR = Path(env.str("BACKUP_DIR", default="") or "var/backups")
if not BACKUP_DIR.is_absolute():
    BACKUP_DIR = BASE_DIR / BACKUP_DIR
_keep = env.str("BACKUP_KEEP", default="") or "14"
if not _keep.isdigit() or int(_keep) < 1:
    raise ImproperlyConfigured(f"BACKUP_KEEP={_keep} must be 1 or more.")
BACKUP_KEEP = int(_keep)
