from django.urls import path

from . import views

app_name = "prisoners"


def urlpatterns_with(coverage):
    """The app's URLs, given the coverage that says who has a defender."""
    extra = {"coverage": coverage}
    return [
        path("", views.prisoner_list, extra, name="list"),
        path("<slug:slug>/", views.prisoner_detail, extra, name="detail"),
        path("<slug:slug>/card.png", views.prisoner_card, name="card"),
    ]
