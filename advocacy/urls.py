"""The roof: the only module that wires both apps together."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from campaigns.figures import coverage
from prisoners.urls import urlpatterns_with as prisoner_urls

from . import views

admin.site.site_header = settings.CAMPAIGN_NAME
admin.site.site_title = settings.CAMPAIGN_NAME

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("prisoners/", include((prisoner_urls(coverage), "prisoners"))),
    path("", include("campaigns.urls")),
    path("accounts/", include("allauth.urls")),
    path("organize/", include("campaigns.organize.urls")),
    path("i18n/setlang/", views.switch_language, name="set_language"),
    path("admin/", admin.site.urls),
    # Prisoner photos are public; a production web server may serve MEDIA_ROOT itself.
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
]
