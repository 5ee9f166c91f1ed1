"""Case texts in the reader's language and script.

<p{{ prisoner.summary_local|lang_attr }}>{{ prisoner.summary_local }}</p>
{{ prisoner.place|in_script }}
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

from prisoners import chinese

register = template.Library()


@register.filter
def lang_attr(text) -> str:
    """` lang="en"` on a text shown in another language than the page's, else nothing."""
    lang = getattr(text, "lang", "")
    return format_html(' lang="{}"', lang) if lang else ""


@register.filter
def in_script(text) -> str:
    """Chinese text (a name, a place) in the script of the page's reader."""
    return chinese.in_script(str(text or ""), get_language())
