from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .timezones import TimeZoneField, campaign_zone
from .validators import clean_display_name


class SignupForm(forms.Form):
    """The fields allauth's sign-up form lacks: a display name, and a time zone.

    A real name is never asked. The zone select starts on the campaign's zone, and
    static/js/site.js moves it to the browser's own zone when the page first shows
    (`data-browser-zone`: not on a form sent back with errors, where the choice is the
    volunteer's). A zone we do not know, forged or not, becomes the campaign's zone.
    """

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=60,
        help_text=_(
            "Shown to organizers. A pseudonym is welcome: do not use your real name if "
            "that could put you or your family at risk."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    timezone = TimeZoneField(
        forgiving=True,
        required=False,
        initial=campaign_zone,
        help_text=_(
            "Your weekly reminder comes on Thursday at 18:00 in this time zone; you can "
            "change the day, the hour and the zone in your settings."
        ),
    )

    field_order = ["display_name", "email", "password1", "password2", "timezone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["timezone"].widget.attrs["data-browser-zone"] = ""

    def clean_display_name(self):
        return clean_display_name(self.cleaned_data["display_name"])

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.timezone = self.cleaned_data["timezone"]
        language = get_language()
        if language in dict(settings.LANGUAGES):
            user.language = language
        user.save(update_fields=["display_name", "timezone", "language"])
