"""Forms of the organizers' actions: they validate, organize/services.py acts."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prisoners.dates import PartialDate
from prisoners.models import CaseEvent, Prisoner

from ..forms import LinkInput
from ..models import Adoption


class PartialDateField(forms.CharField):
    """A date of which only the year, or the year and month, may be known."""

    default_error_messages = {
        "invalid": _("Write the date as YYYY, YYYY-MM or YYYY-MM-DD."),
        "future": _("This date is in the future."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault(
            "help_text", _("YYYY-MM-DD, or only YYYY-MM or YYYY when that is all we know.")
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            when = PartialDate.parse(value)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if when.date > timezone.localdate():
            raise forms.ValidationError(self.error_messages["future"], code="future")
        return when


def _source_field() -> forms.URLField:
    return forms.URLField(
        label=_("Source"), required=False, max_length=500, assume_scheme="https", widget=LinkInput
    )


def _expected_field() -> forms.IntegerField:
    # The adoption the organizer saw when the page was drawn: the action is refused if
    # the defender changed since (a claim, a hand-back, another organizer).
    return forms.IntegerField(required=False, widget=forms.HiddenInput)


class ConfirmForm(forms.Form):
    """Nothing to fill in: posting it is the confirmation."""


def _organizer_note(label, help_text, *, required: bool = False) -> forms.CharField:
    """An organizers' note (organize/notes.py): stored apart, never the volunteer's."""
    return forms.CharField(
        label=label,
        required=required,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=help_text,
    )


class SuspendForm(forms.Form):
    note = _organizer_note(_("Why?"), _("Optional, seen only by organizers."))


class VolunteerSearchForm(forms.Form):
    """The reassign page's search: a pseudonym, or an address after re-authentication."""

    q = forms.CharField(label=_("Pseudonym"), max_length=254, required=False)

    def __init__(self, *args, by_email: bool = False, **kwargs):
        super().__init__(*args, auto_id="search_%s", **kwargs)
        if by_email:
            self.fields["q"].label = _("Pseudonym or email address")
            self.fields["q"].help_text = _("An address finds the volunteer who signs in with it.")


def volunteer_choice(volunteer, *, with_email: bool) -> str:
    """How the search names a volunteer: number and pseudonym, the address only to an
    organizer who re-entered their password."""
    label = _("Volunteer #%(id)s") % {"id": volunteer.pk}
    if volunteer.display_name:
        label = f"{label} · {volunteer.display_name}"
    return f"{label} · {volunteer.email}" if with_email else label


class ReassignForm(forms.Form):
    volunteer = forms.ModelChoiceField(
        get_user_model().objects.all(),
        label=_("New defender"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the new defender among the volunteers found."),
            "invalid_choice": _("Choose the new defender among the volunteers found."),
        },
    )
    reason = forms.CharField(
        label=_("Why, in words for the current defender"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. Their email says it as you write it."),
    )
    note = _organizer_note(
        _("Note for organizers"),
        _("Optional, seen only by organizers; never sent to the volunteer."),
    )
    # The search whose results the page shows, so that a refusal shows them again.
    query = forms.CharField(required=False, max_length=254, widget=forms.HiddenInput)
    expected = _expected_field()

    def __init__(self, *args, found=(), with_email=False, has_defender=True, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the search's results are offered; any volunteer id is accepted, for the
        # service to refuse clearly whom it must not assign.
        self.fields["volunteer"].widget.choices = [
            (person.pk, volunteer_choice(person, with_email=with_email)) for person in found
        ]
        if not has_defender:
            del self.fields["reason"], self.fields["note"]


class EndAdoptionForm(forms.Form):
    REASONS = [
        (Adoption.EndReason.ENDED_BY_ORGANIZER, Adoption.EndReason.ENDED_BY_ORGANIZER.label),
        (Adoption.EndReason.LAPSED, Adoption.EndReason.LAPSED.label),
        (Adoption.EndReason.HANDED_BACK, Adoption.EndReason.HANDED_BACK.label),
    ]

    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=REASONS,
        help_text=_("The volunteer sees this reason when they download their data."),
    )
    # Kept apart from the adoption (organize/notes.py): never in the volunteer's data.
    note = _organizer_note(
        _("Note for organizers (never shown to the volunteer)"),
        _("Why the adoption ends, for the other organizers."),
        required=True,
    )
    expected = _expected_field()


# What happened, in English and Chinese (see prisoners.models.Translated).
EVENT_TEXTS = ["text", "text_zh_hans", "text_zh_hant"]
_TEXT_LANGS = {"text": "en", "text_zh_hans": "zh-Hans", "text_zh_hant": "zh-Hant"}


def _text_widgets(rows: int) -> dict:
    """Each text box says its language, so screen readers and input methods follow it."""
    return {
        name: forms.Textarea(attrs={"rows": rows, "lang": _TEXT_LANGS[name]})
        for name in EVENT_TEXTS
    }


def _label_texts(form: forms.Form) -> None:
    form.fields["text"].label = _("What happened, in English")
    form.fields["text_zh_hans"].label = _("What happened, in Simplified Chinese")
    form.fields["text_zh_hant"].label = _("What happened, in Traditional Chinese")
    form.fields["text_zh_hant"].help_text = _(
        "Only to write it by hand: otherwise readers of Traditional Chinese get the "
        "Simplified text converted."
    )


def _says_something(cleaned: dict, form: forms.Form) -> dict:
    """An event needs its text in at least one language."""
    if not any(cleaned.get(name, "").strip() for name in EVENT_TEXTS):
        form.add_error("text", _("Say what happened, in English or in Chinese."))
    return cleaned


class CaseEventForm(forms.ModelForm):
    when = PartialDateField(label=_("Date"))
    source_url = _source_field()

    class Meta:
        model = CaseEvent
        fields = ["kind", *EVENT_TEXTS, "source_url", "is_published"]
        widgets = _text_widgets(4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Release and death change the prisoner's status: they have their own actions.
        closing = {CaseEvent.Kind.RELEASE, CaseEvent.Kind.DEATH}
        self.fields["kind"].choices = [
            (value, label) for value, label in CaseEvent.Kind.choices if value not in closing
        ]
        self.fields["is_published"].help_text = _(
            "Published events show on the profile and in the defender's next reminder."
        )
        _label_texts(self)
        self.order_fields(["when", "kind", *EVENT_TEXTS, "source_url", "is_published"])

    def clean(self):
        return _says_something(super().clean(), self)

    def event_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class CloseCaseForm(forms.ModelForm):
    """The release or death: its date, what to show on the timeline, and its source."""

    when = PartialDateField(label=_("Date"))
    source_url = _source_field()

    class Meta:
        model = CaseEvent
        fields = [*EVENT_TEXTS, "source_url", "is_published"]
        widgets = _text_widgets(3)

    def __init__(self, *args, when_label=None, default_text="", default_text_zh="", **kwargs):
        super().__init__(*args, **kwargs)
        if when_label:
            self.fields["when"].label = when_label
        self.fields["text"].initial = default_text
        self.fields["text_zh_hans"].initial = default_text_zh
        _label_texts(self)
        self.order_fields(["when", *EVENT_TEXTS, "source_url", "is_published"])

    def clean(self):
        return _says_something(super().clean(), self)

    def event_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class PostsFilterForm(forms.Form):
    """/organize/posts/?volunteer=<id>&prisoner=<address>: one person's, one case's, or both."""

    volunteer = forms.ModelChoiceField(get_user_model().objects.all(), required=False)
    prisoner = forms.ModelChoiceField(Prisoner.objects.all(), to_field_name="slug", required=False)
