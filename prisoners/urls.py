from django.urls import path, register_converter

from . import feeds, views

app_name = "prisoners"

register_converter(feeds.LanguageConverter, "language")


def urlpatterns_with(coverage):
    """The app's URLs, given the coverage that says who has a defender."""
    extra = {"coverage": coverage}
    return [
        path("", views.prisoner_list, extra, name="list"),
        path("<slug:slug>/", views.prisoner_detail, extra, name="detail"),
        path("<slug:slug>/card.png", views.prisoner_card, name="card"),
    ]


# The case news feeds (feeds.py): the default language's address has no language in it.
feed_urlpatterns = [
    path(address, view, name=name)
    for name, view, address in [
        ("updates", feeds.UpdatesFeed(), "updates.atom"),
        ("updates", feeds.UpdatesFeed(), "<language:lang>/updates.atom"),
        ("prisoner", feeds.PrisonerFeed(), "prisoners/<slug:slug>.atom"),
        ("prisoner", feeds.PrisonerFeed(), "<language:lang>/prisoners/<slug:slug>.atom"),
    ]
]
