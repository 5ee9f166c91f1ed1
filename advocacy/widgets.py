"""Form widgets that are cheap to draw on pages rendered for every visitor."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class PlainSelect(forms.Select):
    """A select whose options are written here, not through Django's widget templates.

    Django renders each option by a template of its own: the list page's region and status
    selects (some 40 options) cost more than all 24 cards' names. Flat choices only (no
    groups); values and labels are escaped by format_html.
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option, " selected" if str(option) in chosen else "", label)
                for option, label in self.choices
            ),
        )
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html('<select name="{}"{}>{}</select>', name, attributes, options)
