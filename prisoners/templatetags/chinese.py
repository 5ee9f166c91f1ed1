"""Case texts in the reader's language: a fallback says its own.

<p{{ prisoner.summary_local|lang_attr }}>{{ prisoner.summary_local }}</p>
"""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def lang_attr(text) -> str:
    """` lang="en"` on a text shown in another language than the page's, else nothing."""
    lang = getattr(text, "lang", "")
    return format_html(' lang="{}"', lang) if lang else ""
