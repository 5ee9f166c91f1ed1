import zoneinfo

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .validators import clean_display_name


class SignupForm(forms.Form):
    """The fields allauth's sign-up form lacks: a display name, and the browser's zone.

    A real name is never asked. The time zone comes from a hidden field that
    static/js/timezone.js fills in; without JavaScript the account starts in UTC and the
    volunteer can pick their zone in their settings.
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
    timezone = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    field_order = ["display_name", "email", "password1", "password2"]

    def clean_display_name(self):
        return clean_display_name(self.cleaned_data["display_name"])

    def clean_timezone(self):
        zone = self.cleaned_data["timezone"].strip()
        return zone if zone in zoneinfo.available_timezones() else settings.TIME_ZONE

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.timezone = self.cleaned_data["timezone"]
        language = get_language()
        if language in dict(settings.LANGUAGES):
            user.language = language
        user.save(update_fields=["display_name", "timezone", "language"])
