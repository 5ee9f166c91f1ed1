"""Celery, the beat schedule, the weekly reminders and the censorship watch."""

from celery.schedules import crontab

from .base import REDIS_URL, env

# Celery: the official Django recipe; JSON only (S15), Redis as broker.
CELERY_BROKER_URL = REDIS_URL
# kombu's Redis transport, its publishes without a new redis-py client each (advocacy/broker.py).
if CELERY_BROKER_URL.startswith("redis://"):
    CELERY_BROKER_TRANSPORT = "advocacy.broker:Transport"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = "UTC"
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
# Acknowledge after the task ran, so that a worker killed mid-task leaves the
# message to be delivered again; tasks re-check state in the database.
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
# A publish that cannot reach Redis gives up quickly: the row waits in the outbox and
# the sweeper enqueues it again (R5).
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0.2, "interval_step": 0.5}
# The schedule, as code, in UTC. Two beat processes by mistake are harmless: the
# outbox's unique constraints make a second tick create nothing.
CELERY_BEAT_SCHEDULE = {
    "reminders-tick": {
        "task": "campaigns.tasks.tick",
        "schedule": crontab(minute="*/15"),
        "options": {"expires": 14 * 60},
    },
    "reminders-sweep": {
        "task": "campaigns.tasks.sweep",
        "schedule": crontab(minute="*/5"),
        "options": {"expires": 4 * 60},
    },
}
# For tests and demonstrations only: tick every this many seconds instead of every
# quarter hour (the outbox makes extra ticks harmless).
if REMINDER_TICK_SECONDS := env.float("REMINDER_TICK_SECONDS", default=0):
    CELERY_BEAT_SCHEDULE["reminders-tick"]["schedule"] = REMINDER_TICK_SECONDS

# The censorship watch (campaigns/linkcheck/, README "Censorship watch"): every logged
# link is checked right after it is logged, then 1 day, 1 week and 1 month later, then
# monthly for a year, through each platform's documented public endpoint.
X_OEMBED_URL = env.str("X_OEMBED_URL", default="https://publish.twitter.com/oembed")
BLUESKY_APPVIEW_URL = env.str("BLUESKY_APPVIEW_URL", default="https://public.api.bsky.app")
YOUTUBE_OEMBED_URL = env.str("YOUTUBE_OEMBED_URL", default="https://www.youtube.com/oembed")
# Off by default and never in production: lets tests and local demos check links on
# loopback addresses (127.0.0.0/8, ::1). Private, link-local (169.254.169.254),
# multicast and reserved addresses are refused either way; loopback too when off.
LINK_CHECK_ALLOW_PRIVATE = env.bool("LINK_CHECK_ALLOW_PRIVATE", default=False)
LINK_CHECK_TIMEOUT_SECONDS = env.float("LINK_CHECK_TIMEOUT_SECONDS", default=10)
LINK_CHECK_MAX_BYTES = env.int("LINK_CHECK_MAX_BYTES", default=1_000_000)
LINK_CHECK_MAX_REDIRECTS = env.int("LINK_CHECK_MAX_REDIRECTS", default=3)
# Politeness: at most this many requests a minute to one host, shared by all workers
# through Redis; after a 429 or 5xx the host rests (Retry-After, else this many seconds,
# doubling).
LINK_CHECK_PER_HOST_PER_MINUTE = env.int("LINK_CHECK_PER_HOST_PER_MINUTE", default=60)
LINK_CHECK_BACKOFF_SECONDS = env.float("LINK_CHECK_BACKOFF_SECONDS", default=60)
# Posts per broker message, and how long a handed-out check is held before the beat
# hands it out again (a lost message, a killed worker).
LINK_CHECK_CHUNK_SIZE = env.int("LINK_CHECK_CHUNK_SIZE", default=100)
# Fetches at once in each worker process: a check mostly waits for a distant server.
LINK_CHECK_THREADS = env.int("LINK_CHECK_THREADS", default=8)
LINK_CHECK_LEASE_SECONDS = env.int("LINK_CHECK_LEASE_SECONDS", default=15 * 60)
LINK_CHECK_TICK_SECONDS = env.float("LINK_CHECK_TICK_SECONDS", default=0)
# Link checks run in their own queue, so reminders never wait behind them; the worker
# of `make run` (Procfile) consumes both queues.
CELERY_TASK_ROUTES = {"campaigns.linkcheck.*": {"queue": "links"}}
CELERY_BEAT_SCHEDULE["link-check-due"] = {
    "task": "campaigns.linkcheck.tasks.check_due",
    "schedule": LINK_CHECK_TICK_SECONDS or crontab(minute="*/5"),
    "options": {"expires": 4 * 60},
}

# Weekly reminders and escalation (see README, "Weekly reminders"). Weeks are ISO weeks in
# each volunteer's own time zone.
REMINDER_NUDGE_AFTER_WEEKS = env.int("REMINDER_NUDGE_AFTER_WEEKS", default=2)
REMINDER_ALERT_ORGANIZERS_AFTER_WEEKS = env.int("REMINDER_ALERT_ORGANIZERS_AFTER_WEEKS", default=3)
REMINDER_LAPSE_AFTER_WEEKS = env.int("REMINDER_LAPSE_AFTER_WEEKS", default=4)
# Ids per broker message (N/500 messages for N emails); each message is sent over one
# SMTP connection, well within the task's time limit even from a slow mail server.
REMINDER_CHUNK_SIZE = env.int("REMINDER_CHUNK_SIZE", default=500)
# Temporary SMTP failures (4xx, connection refused) retry with exponential backoff and
# jitter, from this many seconds, up to REMINDER_MAX_ATTEMPTS in all.
REMINDER_RETRY_BASE_SECONDS = env.float("REMINDER_RETRY_BASE_SECONDS", default=60)
REMINDER_MAX_ATTEMPTS = env.int("REMINDER_MAX_ATTEMPTS", default=8)
# The sweeper re-queues rows queued (or in flight) for longer than these.
REMINDER_REQUEUE_AFTER_SECONDS = env.int("REMINDER_REQUEUE_AFTER_SECONDS", default=15 * 60)
REMINDER_IN_FLIGHT_TIMEOUT_SECONDS = env.int(
    "REMINDER_IN_FLIGHT_TIMEOUT_SECONDS", default=2 * CELERY_TASK_TIME_LIMIT
)
# /health/ answers 503 when a row has waited longer than this.
REMINDER_BACKLOG_ALERT_SECONDS = env.int("REMINDER_BACKLOG_ALERT_SECONDS", default=2 * 3600)
# Signed links in reminders: how long they work, and how long "pause" pauses.
REMINDER_LINK_MAX_AGE_DAYS = env.int("REMINDER_LINK_MAX_AGE_DAYS", default=14)
REMINDER_PAUSE_DAYS = 14

# Account emails (confirmation, reset...) are sent by a worker (advocacy/account_mail.py);
# a temporary SMTP failure retries after this many seconds, doubling each time, up to
# ACCOUNT_MAIL_MAX_ATTEMPTS in all. Short: someone is waiting for that link.
ACCOUNT_MAIL_RETRY_BASE_SECONDS = env.float("ACCOUNT_MAIL_RETRY_BASE_SECONDS", default=30)
ACCOUNT_MAIL_MAX_ATTEMPTS = env.int("ACCOUNT_MAIL_MAX_ATTEMPTS", default=10)

# Beat writes its heartbeat as it ticks (advocacy/beat.py); /health/ answers 503 "beat"
# when it is older than this, "never" (and 200) before beat ever ran on this database.
CELERY_BEAT_SCHEDULER = "advocacy.beat:HeartbeatScheduler"
BEAT_STALE_AFTER_SECONDS = env.int("BEAT_STALE_AFTER_SECONDS", default=30 * 60)
