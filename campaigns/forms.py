import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from advocacy.timezones import TimeZoneField
from advocacy.validators import clean_display_name

from . import sharing, weeks
from .models import Post, VolunteerSettings

MAX_POST_TEXT = 5000
# The longest pause the settings take: beyond, handing back is the honest choice.
MAX_PAUSE_DAYS = 366
EARLIEST_POST = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


class LinkInput(forms.TextInput):
    """A web address that may be shown again as typed, next to its error.

    HTML allows only a valid absolute URL in the value of <input type="url">: a
    re-shown "not a link" there is invalid (the Nu Html Checker says so). A text field
    with inputmode="url" keeps the phone's keyboard for addresses.
    """

    def __init__(self, attrs=None):
        defaults = {"inputmode": "url", "autocapitalize": "none", "spellcheck": "false"}
        super().__init__({**defaults, **(attrs or {})})


class PostForm(forms.ModelForm):
    link = forms.URLField(
        label=_("Link to the post"),
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=LinkInput,
        help_text=_("Optional. Only https:// links."),
    )
    text = forms.CharField(
        label=_("Text of the post"),
        required=False,
        max_length=MAX_POST_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. Kept here in case the platform deletes your post."),
    )
    posted_at = forms.DateTimeField(
        label=_("When you posted"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("In your own time zone. Not in the future."),
    )

    class Meta:
        model = Post
        fields = ["platform", "link", "text", "posted_at"]

    def __init__(self, *args, prisoners=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Only the prisoners this volunteer defends or supports can be chosen; the
        # volunteer and prisoner never come from the request (S5).
        self.prisoners = {p.pk: p for p in prisoners}
        self.fields["prisoner"] = forms.TypedChoiceField(
            label=_("About"),
            choices=[(p.pk, p.primary_name()) for p in prisoners],
            coerce=int,
        )
        if len(self.prisoners) == 1:
            self.fields["prisoner"].widget = forms.HiddenInput()
            self.initial["prisoner"] = next(iter(self.prisoners))
        self.order_fields(["prisoner", "platform", "link", "text", "posted_at"])
        if not self.is_bound:
            self.initial.setdefault("posted_at", timezone.localtime().replace(second=0))

    def clean_link(self):
        link = self.cleaned_data["link"].strip()
        if link and not link.lower().startswith("https://"):
            raise forms.ValidationError(_("Only https:// links can be logged."))
        return link

    def clean_posted_at(self):
        posted_at = self.cleaned_data["posted_at"]
        # One minute of grace for clocks that run a little ahead.
        if posted_at > timezone.now() + timezone.timedelta(minutes=1):
            raise forms.ValidationError(_("This date is in the future."))
        # Year 1 and the like are typing slips, and overflow the weekly counters (a 500).
        if posted_at < EARLIEST_POST:
            raise forms.ValidationError(_("This date is too far in the past."))
        return posted_at


class LanguageSelect(forms.Select):
    """Each language named in itself, and marked so: 简体中文 on a 繁體 page is Simplified."""

    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        if option["value"]:
            option["attrs"]["lang"] = option["value"]
        return option


class ProfileForm(forms.ModelForm):
    # Common zones first, named in the page's language (advocacy/timezones.py).
    timezone = TimeZoneField()

    class Meta:
        model = get_user_model()
        fields = ["display_name", "language", "timezone"]
        widgets = {"language": LanguageSelect}

    def clean_display_name(self):
        return clean_display_name(self.cleaned_data["display_name"])


class VolunteerSettingsForm(forms.ModelForm):
    email_reminders = forms.BooleanField(
        label=_("Email me a weekly reminder"),
        required=False,
        help_text=_("Only in weeks when you have not posted yet. Off means no email at all."),
    )

    class Meta:
        model = VolunteerSettings
        fields = [
            "email_reminders",
            "reminder_weekday",
            "reminder_hour",
            "paused_until",
            "supporter_digest",
            "public_credit",
            "mastodon_instance",
        ]
        widgets = {
            "paused_until": forms.DateInput(attrs={"type": "date"}),
            "mastodon_instance": forms.TextInput(
                attrs={
                    "placeholder": "mastodon.social",
                    "autocapitalize": "none",
                    "spellcheck": "false",
                    "autocomplete": "off",
                }
            ),
            "reminder_hour": forms.Select(choices=[(h, f"{h:02d}:00") for h in range(24)]),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email_reminders"].initial = self.instance.unsubscribed_at is None
        self.today = weeks.volunteer_now(self.instance.volunteer).date()
        if not self.instance.is_paused(self.today):
            self.initial["paused_until"] = None  # a pause that is over is not shown again
        latest = self.today + datetime.timedelta(days=MAX_PAUSE_DAYS)
        self.fields["paused_until"].widget.attrs.update(
            min=self.today.isoformat(), max=latest.isoformat()
        )

    def clean_paused_until(self):
        until = self.cleaned_data["paused_until"]
        if until is not None and until < self.today:
            raise forms.ValidationError(_("A pause ends today or later, not in the past."))
        if until is not None and until > self.today + datetime.timedelta(days=MAX_PAUSE_DAYS):
            raise forms.ValidationError(
                _(
                    "A pause lasts at most a year. For longer, hand your prisoner back so "
                    "that someone else can take over."
                )
            )
        return until

    def clean_mastodon_instance(self):
        try:
            return sharing.clean_instance(self.cleaned_data["mastodon_instance"])
        except ValueError:
            raise forms.ValidationError(
                _("Type only your server's name, as in mastodon.social, without @ or /.")
            ) from None

    def save(self, commit=True):
        wanted = self.cleaned_data["email_reminders"]
        if wanted:
            self.instance.unsubscribed_at = None
        elif self.instance.unsubscribed_at is None:
            self.instance.unsubscribed_at = timezone.now()
        return super().save(commit)


class HandBackForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you handing them back?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional, seen only by organizers. It helps the next defender."),
    )


class DeleteAccountForm(forms.Form):
    confirm = forms.CharField(
        label=_("Type DELETE to confirm"),
        max_length=20,
        help_text=_("This cannot be undone."),
    )

    def clean_confirm(self):
        if self.cleaned_data["confirm"].strip().upper() != "DELETE":
            raise forms.ValidationError(_("Type DELETE to confirm."))
        return "DELETE"
