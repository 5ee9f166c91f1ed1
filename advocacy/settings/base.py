"""Apps, middleware, templates, database, cache, languages, files and email."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
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
# Behind PgBouncer in transaction mode each transaction may run on another server
# connection, where a cursor declared by the last one does not exist: QuerySet.iterator()
# (the CSV exports) must then fetch its rows client-side (README "Scaling").
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool(
    "DISABLE_SERVER_SIDE_CURSORS", default=False
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="redis://localhost:6379/0")
CACHES = {
    "default": {
        "BACKEND": "advocacy.redis_cache.TolerantRedisCache",
        # The cache gets its own Redis database so that clearing it never touches
        # the Celery queues.
        "LOCATION": env.str("CACHE_URL", default="redis://localhost:6379/1"),
        "KEY_PREFIX": "advocacy",
        # A cache that is down must slow pages, not break them.
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}

# Sessions are read from the cache and kept in PostgreSQL (advocacy/sessions.py): a
# signed-in page costs no session query, and a cache that is down costs nothing but speed.
SESSION_ENGINE = "advocacy.sessions"
SESSION_CACHE_SECONDS = env.int("SESSION_CACHE_SECONDS", default=3600)

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
BOOTSTRAP_DIR = BASE_DIR / "node_modules" / "bootstrap" / "dist"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Bootstrap comes from the npm registry's own `bootstrap` package (package.json and
    # its lockfile pin it; `npm ci` puts it in node_modules/), served by the app itself:
    # no CDN, so pages load behind the Great Firewall and leak no visitor to a third party.
    ("bootstrap", BOOTSTRAP_DIR),
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
