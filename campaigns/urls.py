from django.urls import path, re_path

from prisoners.feeds import LanguageConverter

from . import email_views, me_page, removals, share, suspensions, views
from .public_record import feed as censorship_feed
from .public_record import views as public_record

app_name = "campaigns"

urlpatterns = [
    # First: a claim is looked for through every pattern before its own (no other one
    # here takes a path under prisoners/), a hundred and fifty Python calls (issue 17).
    path("prisoners/<slug:slug>/defend/", views.defend, name="defend"),
    path("prisoners/<slug:slug>/support/", views.support, name="support"),
    path("me/", me_page.me, name="me"),
    path("me/posts/", views.posts, name="posts"),
    # The installed app's share target (the web app manifest, advocacy/webapp.py).
    path("me/share/", share.share_target, name="share_target"),
    path("me/posts/<int:pk>/delete/", views.delete_post, name="delete_post"),
    # The volunteer's posts the censorship watch found gone; "my account was suspended".
    path("me/removed/", removals.removed, name="removed"),
    path("me/suspended/", suspensions.report_suspension, name="account_suspended"),
    path("me/hand-back/", views.hand_back, name="hand_back"),
    path("me/supporting/<slug:slug>/stop/", views.stop_supporting, name="stop_supporting"),
    path("me/settings/", views.volunteer_settings, name="settings"),
    path("me/settings/export/", views.export_my_data, name="export"),
    path("me/settings/delete/", views.delete_account, name="delete_account"),
    path("me/settings/address-works/", views.address_works, name="address_works"),
    path("me/settings/resume/", views.resume, name="resume"),
    path("me/settings/resubscribe/", views.resubscribe, name="resubscribe"),
    path("find/", views.find, name="find"),
    # The censorship watch's public record (public_record/): counts only.
    path("censorship/", public_record.censorship, name="censorship"),
    path("censorship/censorship.csv", public_record.censorship_csv, name="censorship_csv"),
    # Signed links from reminder emails: no session needed, one purpose each.
    path("r/post/<str:token>/", email_views.log_post_by_link, name="log_post_by_link"),
    path("r/pause/<str:token>/", email_views.pause, name="pause"),
    path("r/unsubscribe/<str:token>/", email_views.unsubscribe, name="unsubscribe"),
]

# The public record's feed, with the case news feeds under /feeds/ (advocacy/urls.py), at
# their addresses: the default language's has no language in it.
feed_urlpatterns = [
    path("censorship.atom", censorship_feed.CensorshipFeed(), name="censorship"),
    re_path(
        rf"^(?P<lang>{LanguageConverter.regex})/censorship\.atom$",
        censorship_feed.CensorshipFeed(),
        name="censorship",
    ),
]
