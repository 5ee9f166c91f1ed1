"""Settings for the advocacy project: one file, configured by the environment.

Every variable is documented in `.env.example`. A `.env` file beside manage.py is
read when present; real environment variables win over it.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _
from xstatic.pkg import bootstrap as xstatic_bootstrap

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
# Absolute links (emails, feeds) are built from this, never from the Host header.
SITE_URL = env.str("SITE_URL", default="http://localhost:8000").rstrip("/")
CAMPAIGN_NAME = env.str("CAMPAIGN_NAME", default="") or _("One Person, One Prisoner")
# Under the app's icon on a phone's home screen, where about 12 letters fit.
CAMPAIGN_SHORT_NAME = env.str("CAMPAIGN_SHORT_NAME", default="") or _("One Prisoner")
# Where volunteers write when a link never comes; empty: the pages say how else to ask.
CONTACT_EMAIL = env.str("CONTACT_EMAIL", default="")

INSTALLED_APPS = [
    "advocacy",
    "prisoners",
    "campaigns",
    "advocacy.admin_site.CampaignAdminConfig",  # django.contrib.admin, guarded
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.postgres",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.mfa",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "advocacy.access.GateAwareCommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "advocacy.middleware.UserTimezoneMiddleware",
    "advocacy.pagecache.AnonymousPageCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "advocacy.middleware.PermissionsPolicyMiddleware",
    "advocacy.middleware.PrivatePagesMiddleware",
    # Below every middleware that adds headers, so that its 404 wears them all and is
    # the same as any other (issue 11).
    "advocacy.access.OrganizerGateMiddleware",
]

ROOT_URLCONF = "advocacy.urls"
WSGI_APPLICATION = "advocacy.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "advocacy.context_processors.campaign",
                "campaigns.context_processors.delivery",
            ],
            # Case texts in the reader's language and script, in every template and email.
            "builtins": ["prisoners.templatetags.chinese"],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default="postgres:///advocacy")}
# Reuse connections between requests, but check them first so that a restarted
# PostgreSQL costs one failed check, not one failed request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="redis://localhost:6379/0")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        # The cache gets its own Redis database so that clearing it never touches
        # the Celery queues.
        "LOCATION": env.str("CACHE_URL", default="redis://localhost:6379/1"),
        "KEY_PREFIX": "advocacy",
        # A cache that is down must slow pages, not break them.
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}

AUTH_USER_MODEL = "advocacy.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2 for new passwords (S1); the others still read older hashes.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# Django's and allauth's backends, loading the signed-in user with their organizer flag.
AUTHENTICATION_BACKENDS = [
    "advocacy.access.OrganizerAwareModelBackend",
    "advocacy.access.OrganizerAwareAuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "campaigns:me"

# Accounts (django-allauth): email and password, a display name, nothing else. A real
# name is never asked; the address is verified before the first claim.
ACCOUNT_ADAPTER = "advocacy.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "advocacy.forms.SignupForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
# Sign-up and password reset answer the same whether or not an address is known (S12).
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# One address per account, changed by confirming the new one; the volunteer is told by
# email when their password or address changes (a sign of a taken-over account).
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
# A password typed again within this many seconds counts as fresh for sensitive steps
# (S3: every export; adding, changing or removing an email address). A stolen session
# alone cannot move an account to another address.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# Emailed links carry no sequential id (advocacy/account_links.py): confirmation keys are
# random and stored, not HMACs of the address's primary key; reset links name the user
# by link id, read back by the user_token form.
ACCOUNT_EMAIL_CONFIRMATION_HMAC = False
# signup: the same cost whether or not the address has an account (advocacy/signup.py).
ACCOUNT_FORMS = {
    "signup": "advocacy.signup.SameCostSignupForm",
    "user_token": "advocacy.account_links.UserTokenForm",
}

# Second factor (S3): organizers must have one before they reach /organize/, the admin
# or any export. TOTP apps and recovery codes; no third-party service involved.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="") or "One Person, One Prisoner"
MFA_ADAPTER = "allauth.mfa.adapter.DefaultMFAAdapter"
# The set-up keeps one secret until it is confirmed (allauth's draws one per page load).
MFA_FORMS = {"activate_totp": "advocacy.totp_setup.StableActivateTOTPForm"}

# Organizers: whether a new volunteer must be approved before claiming a prisoner.
VOLUNTEERS_NEED_APPROVAL = env.bool("VOLUNTEERS_NEED_APPROVAL", default=False)
# The organizers' weekly digest goes out on Monday from this hour, campaign time.
ORGANIZER_DIGEST_HOUR = env.int("ORGANIZER_DIGEST_HOUR", default=8)
ACCOUNT_SESSION_REMEMBER = None
# allauth's rate limits are on by default (login failures, sign-ups, resets…); they
# count in the cache, which is Redis and shared by every web process. Failed sign-ins
# count per account AND client address (AccountAdapter), so that strangers cannot lock
# an organizer out, with a generous ceiling per address against password spraying: a
# campaign's volunteers often share a VPN's or an office's address.
ACCOUNT_RATE_LIMITS = {"login_failed": "30/m/ip,5/5m/key"}
# Which address a request comes from, for those limits. By default the connection's
# (REMOTE_ADDR) and X-Forwarded-For is ignored: anyone can write it. Behind a reverse
# proxy every request comes from the proxy, so set how many proxies of yours append to
# X-Forwarded-For (1 for one nginx), or the header your proxy sets to the client address.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env.str("ALLAUTH_TRUSTED_CLIENT_IP_HEADER", default="") or None

# Internationalisation: English, Simplified and Traditional Chinese are all
# first-class; the language comes from the switcher's cookie or the browser.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("zh-hans", "简体中文"),
    ("zh-hant", "繁體中文"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True
# The campaign's own calendar (digests, "this week" on public pages).
CAMPAIGN_TIME_ZONE = env.str("CAMPAIGN_TIME_ZONE", default="UTC")

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Bootstrap comes from the xstatic-bootstrap package, served by the app itself:
    # no CDN, so pages load behind the Great Firewall and leak no visitor to a third party.
    ("bootstrap", xstatic_bootstrap.BASE_DIR),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# Uploaded photos larger than this are refused before Pillow decodes them.
PHOTO_MAX_BYTES = 5 * 1024 * 1024
# The profile card (prisoners/card.py) is drawn in Noto Sans CJK, Debian's fonts-noto-cjk:
# one font for Chinese names and Latin text alike.
CARD_FONT = env.str("CARD_FONT", default="/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
CARD_FONT_BOLD = env.str(
    "CARD_FONT_BOLD", default="/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="filemail://")
EMAIL_BACKEND = EMAIL_CONFIG["EMAIL_BACKEND"]
if EMAIL_BACKEND == "django.core.mail.backends.filebased.EmailBackend":
    # The development default: each message is written to var/mail/ to be read.
    EMAIL_FILE_PATH = EMAIL_CONFIG.get("EMAIL_FILE_PATH") or VAR_DIR / "mail"
else:
    vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="campaign@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: the official Django recipe; JSON only (S15), Redis as broker.
CELERY_BROKER_URL = REDIS_URL
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

# Security headers. Behind a TLS-terminating proxy, set SECURE_PROXY_SSL_HEADER=true.
HTTPS = SITE_URL.startswith("https://")
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Content Security Policy: only our own origin; no inline scripts (S7, S8).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        # The web app manifest and the offline page's service worker (advocacy/webapp.py).
        "manifest-src": [SELF],
        "worker-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

PRISONERS_PER_PAGE = 24
# Public pages as anonymous visitors see them are kept this long (0 turns it off; off
# by default with DEBUG, so that template edits show at once);
# any change to what they show retires them at once (advocacy/pagecache.py).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0 if DEBUG else 60)
# Deeper pages of the prisoner list are rendered but not kept: few visitors go there,
# and a copy per page number would only fill the cache.
PAGE_CACHE_MAX_PAGE = env.int("PAGE_CACHE_MAX_PAGE", default=20)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
