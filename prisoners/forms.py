from django import forms
from django.utils.translation import gettext_lazy as _

from .images import reencode_photo
from .models import Prisoner, Status

CHINESE_FIELDS = [
    f"{field}_{script}"
    for field in ("occupation", "charges", "facility", "health_concerns", "summary")
    for script in ("zh_hans", "zh_hant")
]


class PrisonerAdminForm(forms.ModelForm):
    class Meta:
        model = Prisoner
        fields = [
            "name",
            "native_name",
            "pinyin",
            "aliases",
            "slug",
            "gender",
            "birth_date",
            "birth_date_precision",
            "death_date",
            "death_date_precision",
            "region",
            "place",
            "occupation",
            "status",
            "detained_on",
            "detained_on_precision",
            "sentenced_on",
            "sentenced_on_precision",
            "sentence",
            "sentence_end",
            "sentence_end_precision",
            "charges",
            "facility",
            "health_concerns",
            "summary",
            *CHINESE_FIELDS,
            "photo",
            "priority",
            "is_published",
            "hashtag",
            "cppc_id",
            "cecc_id",
            "duihua_id",
        ]

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        # A new upload has a content type; an unchanged photo is the stored file.
        if photo and hasattr(photo, "content_type"):
            return reencode_photo(photo)
        return photo

    def clean_hashtag(self):
        return self.cleaned_data["hashtag"].strip().lstrip("#")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("name") and not cleaned.get("native_name"):
            raise forms.ValidationError(_("Give the prisoner a name, in English or in Chinese."))
        if cleaned.get("sentence_end") and cleaned.get("sentence") != "term":
            self.add_error("sentence_end", _("Only a fixed-term sentence has an end date."))
        if cleaned.get("death_date") and cleaned.get("status") != Status.DIED:
            self.add_error("status", _("A prisoner with a date of death has the status “Died”."))
        return cleaned
