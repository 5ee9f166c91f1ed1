"""The roof: the only module that wires both apps together."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from campaigns.figures import coverage
from campaigns.urls import feed_urlpatterns as censorship_feed_urlpatterns
from prisoners.urls import feed_urlpatterns
from prisoners.urls import urlpatterns_with as prisoner_urls

from . import account_links, views, webapp

admin.site.site_header = settings.CAMPAIGN_NAME
admin.site.site_title = settings.CAMPAIGN_NAME

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("manifest.webmanifest", webapp.manifest, name="manifest"),
    path("sw.js", webapp.service_worker, name="service_worker"),
    path("offline/", webapp.offline, name="offline"),
    path("prisoners/", include((prisoner_urls(coverage), "prisoners"))),
    path("feeds/", include((feed_urlpatterns + censorship_feed_urlpatterns, "feeds"))),
    path("", include("campaigns.urls")),
    # allauth's confirmation page, also taking keys made before link ids (account_links.py).
    re_path(
        r"^accounts/confirm-email/(?P<key>[-:\w]+)/$",
        account_links.confirm_email,
        name="account_confirm_email",
    ),
    path("accounts/", include("allauth.urls")),
    path("organize/", include("campaigns.organize.urls")),
    path("i18n/setlang/", views.switch_language, name="set_language"),
    path("admin/", admin.site.urls),
    # Prisoner photos are public, under random names only (prisoners/images.py): no
    # other file in MEDIA_ROOT is served. A production web server may serve them itself.
    re_path(r"^media/(?P<path>prisoners/[0-9a-f]{32,}\.jpg)$", views.photo),
]
