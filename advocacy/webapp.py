"""The site as an app on a phone: the web app manifest (W3C "Web Application Manifest")
and the service worker that shows our own offline page.

Installed, the site opens on the volunteer's own page, and it is offered in the phone's
"Share" sheet: sharing a post from the X app (or any other) opens the form that logs it,
with its link filled in (`share_target`, the campaign's /me/share/).

The manifest is a view, not a static file, so that its name and description are in the
reader's language: the page's <link rel="manifest"> asks for it with the language
cookie (crossorigin="use-credentials"), and Accept-Language does the rest.

The service worker (/sw.js, templates/sw.js) earns its place by one thing only: on a
phone without a connection, a page of ours that says so, instead of the browser's error.
It keeps the offline page (fetched without cookies: nobody's own page) and the static
files it needs, and nothing else; every other request goes to the network untouched.
"""

import hashlib
import json

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language, get_language_bidi, to_locale
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

# The campaign's red (--campaign in static/css/site.css), the header's colour, and the
# page's white: the phone's status bar and splash screen match the site.
THEME_COLOR = "#8b1e24"
BACKGROUND_COLOR = "#ffffff"
# static/icons/, drawn by scripts/make_icons.py: name -> (size, purpose).
ICONS = {
    "icon-192.png": (192, "any"),
    "icon-512.png": (512, "any"),
    "maskable-192.png": (192, "maskable"),
    "maskable-512.png": (512, "maskable"),
}


def manifest_data() -> dict:
    """The manifest in the active language."""
    start = reverse("campaigns:me")
    return {
        "id": start,
        "name": str(settings.CAMPAIGN_NAME),
        "short_name": str(settings.CAMPAIGN_SHORT_NAME),
        "description": _(
            "Defend one political prisoner in China: post about them at least once a week "
            "and follow their case until they are free."
        ),
        "lang": to_locale(get_language()).replace("_", "-"),
        "dir": "rtl" if get_language_bidi() else "ltr",
        "start_url": start,
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "icons": [
            {
                "src": static(f"icons/{name}"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": purpose,
            }
            for name, (size, purpose) in ICONS.items()
        ],
        "share_target": {
            "action": reverse("campaigns:share_target"),
            "method": "GET",
            # The default, said aloud: Chromium warns when it is left out.
            "enctype": "application/x-www-form-urlencoded",
            "params": {"title": "title", "text": "text", "url": "url"},
        },
    }


# Browsers fetch the manifest again now and then: kept an hour, a change reaches them
# within one. It varies by language, which the cookie or Accept-Language decides.
@require_safe
@cache_control(max_age=3600)
@vary_on_headers("Cookie", "Accept-Language")
def manifest(request):
    return HttpResponse(
        json.dumps(manifest_data(), ensure_ascii=False, indent=2),
        content_type="application/manifest+json; charset=utf-8",
    )


def offline_files() -> list[str]:
    """What the service worker keeps: the offline page and the static files it shows.
    Static names carry their content's hash, so a change makes a new worker."""
    return [
        reverse("offline"),
        static("bootstrap/css/bootstrap.min.css"),
        static("css/site.css"),
        static("img/favicon.svg"),
    ]


# The browser checks for a new worker at each visit (it skips the HTTP cache for it
# after 24 hours anyway); no-cache makes that check at once.
@require_safe
@cache_control(no_cache=True)
def service_worker(request):
    files = offline_files()
    version = hashlib.sha256("\n".join(files).encode()).hexdigest()[:12]
    script = render_to_string(
        "sw.js", {"files": json.dumps(files), "cache": json.dumps(f"offline-{version}")}
    )
    return HttpResponse(script, content_type="text/javascript; charset=utf-8")


@require_safe
def offline(request):
    return render(request, "offline.html")
