"""Forms of the organizers' import and export pages.

The uploaded file is checked here (size, name, text encoding) so that a bad file is a
form error with a clear message, never an exception further down.
"""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from prisoners.chinese import is_chinese
from prisoners.importer import COLUMNS, OPTIONAL_COLUMNS, ImportFileError, decode

# Room for 50,000 rows with their texts (the full list is well under 1 MB); a worker
# imports it, not the web request. Larger files are split.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    draft = forms.BooleanField(
        label=_("Leave new prisoners unpublished for review"),
        required=False,
        help_text=_("Prisoners already on the site keep their published state."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Formatted per request, in the organizer's language.
        standard = _(
            "The columns of the China political prisoner list: %(columns)s. UTF-8 text, "
            "with or without a BOM; at most %(size)s. A prisoners CSV exported here is "
            "read too."
        ) % {"columns": ", ".join(COLUMNS), "size": filesizeformat(MAX_UPLOAD_BYTES)}
        optional = _(
            "After these, in any order, columns for the case's texts in English and "
            "Chinese may follow: %(optional)s. An empty cell leaves what is stored."
        ) % {"optional": ", ".join(OPTIONAL_COLUMNS)}
        # Chinese sentences follow one another without a space.
        self.fields["file"].help_text = ("" if is_chinese(get_language()) else " ").join(
            [standard, optional]
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(limit)s. Split it and upload the parts."),
                code="too_large",
                params={
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(MAX_UPLOAD_BYTES),
                },
            )
        if not (upload.name or "").lower().endswith(".csv"):
            raise forms.ValidationError(
                _("Only .csv files can be imported. Save the sheet as “CSV UTF-8” first."),
                code="not_csv",
            )
        data = upload.read(MAX_UPLOAD_BYTES + 1)
        if not data.strip():
            raise forms.ValidationError(_("The file is empty."), code="empty")
        if b"\x00" in data:
            # A spreadsheet's own format (xlsx, ods) or another binary file renamed .csv.
            raise forms.ValidationError(
                _("This is not a UTF-8 text file. Save the sheet as “CSV UTF-8” and try again."),
                code="binary",
            )
        try:
            self.text = decode(data)
        except ImportFileError:
            raise forms.ValidationError(
                _("The file is not UTF-8 text. Save the sheet as “CSV UTF-8” and try again."),
                code="encoding",
            ) from None
        return upload


class VolunteerExportForm(forms.Form):
    include_emails = forms.BooleanField(
        label=_("Include email addresses"),
        required=False,
        initial=False,
        help_text=_(
            "Off unless you need to write to them outside this site. A file with "
            "addresses tells whoever reads it who these volunteers are: keep it safe, "
            "delete it when done."
        ),
    )
