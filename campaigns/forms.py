import datetime
import re
import uuid

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from advocacy.timezones import TimeZoneField
from advocacy.validators import clean_display_name

from . import fastforms, platforms, sharing, weeks
from .models import Post, VolunteerSettings
from .models.posts import EMPTY_POST, is_a_sentence

MAX_POST_TEXT = 5000
# The longest pause the settings take: beyond, handing back is the honest choice.
MAX_PAUSE_DAYS = 366
EARLIEST_POST = datetime.date(2000, 1, 1)
# Kinds of action that have no link to paste.
OFFLINE_KINDS = [Post.Platform.LETTER, Post.Platform.WECHAT, Post.Platform.OTHER]


class LinkInput(forms.TextInput):
    """A web address that may be shown again as typed, next to its error.

    HTML allows only a valid absolute URL in the value of <input type="url">: a
    re-shown "not a link" there is invalid (the Nu Html Checker says so). A text field
    with inputmode="url" keeps the phone's keyboard for addresses.
    """

    def __init__(self, attrs=None):
        defaults = {"inputmode": "url", "autocapitalize": "none", "spellcheck": "false"}
        super().__init__({**defaults, **(attrs or {})})


class PostForm(forms.Form):
    """Log a post: its link, and nothing else for most posts (the platform is read from
    the link, the day is today). A letter or something offline is described instead."""

    # Its widgets written in Python (campaigns.fastforms): /me/ shows this form each visit.
    default_renderer = fastforms.FAST_WIDGETS

    link = forms.URLField(
        label=_("Link to your post"),
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=LinkInput(attrs={"placeholder": "https://x.com/…", "autocomplete": "off"}),
        help_text=_("Paste it from X, Bluesky, Mastodon, Weibo, YouTube, Telegram…"),
    )
    platform = forms.ChoiceField(
        label=_("What was it?"), required=False, choices=[], initial=Post.Platform.LETTER
    )
    description = forms.CharField(
        label=_("What did you do?"),
        required=False,
        max_length=MAX_POST_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "At least a sentence (five words, or ten Chinese characters). Organizers see it."
        ),
    )
    posted_on = forms.DateField(
        label=_("Day you posted"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("In your own time zone. Not in the future."),
    )
    text = forms.CharField(
        label=_("Text of the post"),
        required=False,
        max_length=MAX_POST_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. Kept here in case the platform deletes your post."),
    )
    # A new key at each render: the same form sent twice finds the post it made.
    submission = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, prisoners=(), choice_checked_when_written=False, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the prisoners this volunteer defends or supports can be chosen; the
        # volunteer and prisoner never come from the request (S5).
        self.prisoners = {p.pk: p for p in prisoners}
        if choice_checked_when_written:
            # Any id: the statement that writes the post checks that it is one of theirs
            # (services.log_post_about), instead of loading their prisoners first.
            self.fields["prisoner"] = any_prisoner_field()
        else:
            self.fields["prisoner"] = forms.TypedChoiceField(
                label=_("About"),
                choices=[(p.pk, p.primary_name()) for p in prisoners],
                coerce=int,
            )
        if len(self.prisoners) == 1:
            self.fields["prisoner"].widget = forms.HiddenInput()
            self.initial["prisoner"] = next(iter(self.prisoners))
        self.fields["platform"].choices = [(k.value, k.label) for k in OFFLINE_KINDS]
        self.order_fields(["prisoner", "link"])
        if not self.is_bound:
            self.initial.setdefault("posted_on", timezone.localdate())
            self.initial["submission"] = uuid.uuid4()

    def clean_link(self):
        return clean_link(self.cleaned_data["link"])

    def clean_posted_on(self):
        return clean_posted_on(self.cleaned_data["posted_on"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("link") or "link" in self.errors:
            return cleaned
        description = cleaned.get("description", "")
        if not description.strip():
            self.add_error("link", EMPTY_POST)
        elif not is_a_sentence(description):
            self.add_error(
                "description",
                _(
                    "Say what you did in at least a sentence: five words, or ten Chinese "
                    "characters."
                ),
            )
        return cleaned

    def chosen_prisoner(self):
        return self.prisoners[self.cleaned_data["prisoner"]]

    def post_fields(self) -> dict:
        """The new post's fields, for `services.log_post`."""
        return post_fields(self.cleaned_data)

    def open_sections(self) -> set[str]:
        """The folded parts of the form to show unfolded: those with errors or input."""
        if not self.is_bound:
            return set()
        typed = {
            name: str(self.data.get(self.add_prefix(name), "")).strip()
            for name in ("description", "posted_on", "text")
        }
        errors = set(self.errors)
        sections = {
            "offline": bool(typed["description"]) or bool({"platform", "description"} & errors),
            "day": typed["posted_on"] not in ("", str(timezone.localdate()))
            or "posted_on" in errors,
            "text": bool(typed["text"]) or "text" in errors,
        }
        return {name for name, unfolded in sections.items() if unfolded}


def any_prisoner_field() -> forms.IntegerField:
    """The prisoner of a form whose choice the statement that writes the post checks."""
    return forms.IntegerField(min_value=1, max_value=2**31 - 1)


def clean_link(link: str) -> str:
    link = link.strip()
    if link and not link.lower().startswith("https://"):
        raise forms.ValidationError(_("Only https:// links can be logged."))
    if link and not platforms.is_post_link(link):
        raise forms.ValidationError(
            _(
                "This links to a profile or a page, not to one post: open your post, "
                "then copy its link."
            )
        )
    return platforms.canonical(link)


def clean_posted_on(day: datetime.date | None) -> datetime.date:
    today = timezone.localdate()
    day = day or today
    if day > today:
        raise forms.ValidationError(_("This date is in the future."))
    # Year 1 and the like are typing slips, and overflow the weekly counters (a 500).
    if day < EARLIEST_POST:
        raise forms.ValidationError(_("This date is too far in the past."))
    return day


def post_fields(data: dict) -> dict:
    """The new post's fields, for `services.log_post`, from a PostForm's cleaned data."""
    link = data["link"]
    # With a link, its copied text comes first; without, the description.
    texts = [data["text"], data["description"]] if link else [data["description"], data["text"]]
    return {
        "platform": platforms.recognise(link) if link else data["platform"] or "other",
        "link": link,
        "text": "\n\n".join(t for t in texts if t.strip()),
        "posted_at": _moment(data["posted_on"]),
        "submission_key": data["submission"],
    }


def _moment(day: datetime.date) -> datetime.datetime:
    """Now, for a post of today; noon of its day (in the current zone) for another."""
    if day == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


# The fields `quick_post` cleans with PostForm's own (shared, never changed: Field.clean
# reads them only); its prisoner as `choice_checked_when_written` makes it.
_QUICK_FIELDS = {
    "prisoner": any_prisoner_field(),
    **{name: PostForm.base_fields[name] for name in ("link", "description", "text", "submission")},
}
_OFFLINE_VALUES = frozenset(str(kind.value) for kind in OFFLINE_KINDS)
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def quick_post(data) -> dict | None:
    """PostForm(data, choice_checked_when_written=True)'s cleaned data, worked out without
    the form (a thousand Python calls fewer a post, issue 17), or None for anything this
    does not decide, valid or not: the form then answers, with its errors. Each field is
    cleaned by the form's own field and rules (tests/campaigns/test_quick_post.py holds
    the two side by side); only the platform's choice and the day's usual shape (what
    the form's date input sends) are read here."""
    try:
        cleaned = {name: field.clean(data.get(name)) for name, field in _QUICK_FIELDS.items()}
        cleaned["link"] = clean_link(cleaned["link"])
        platform = data.get("platform") or ""
        day = data.get("posted_on") or None
        if platform and platform not in _OFFLINE_VALUES:
            return None
        if day is not None and not _ISO_DAY.fullmatch(day):
            return None
        day = day and datetime.date(int(day[:4]), int(day[5:7]), int(day[8:]))
        cleaned["platform"], cleaned["posted_on"] = platform, clean_posted_on(day)
    except (forms.ValidationError, ValueError):
        return None
    if not cleaned["link"] and not is_a_sentence(cleaned["description"]):
        return None  # the form's clean() explains what is missing
    return cleaned


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
