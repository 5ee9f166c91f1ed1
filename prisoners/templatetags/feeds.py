"""The <link rel="alternate"> that announces a page's case news feed, in its language.

{% load feeds %}{% block alternate %}{% updates_feed_link %}{% endblock %}
{% prisoner_feed_link prisoner %}
"""

from django import template
from django.utils.html import format_html

from ..feeds import feed_url, prisoner_title, updates_title

register = template.Library()

LINK = '<link rel="alternate" type="application/atom+xml" title="{}" href="{}">'


@register.simple_tag
def updates_feed_link() -> str:
    return format_html(LINK, updates_title(), feed_url("updates"))


@register.simple_tag
def prisoner_feed_link(prisoner) -> str:
    return format_html(LINK, prisoner_title(prisoner), feed_url("prisoner", slug=prisoner.slug))


@register.simple_tag
def prisoner_feed_url(prisoner) -> str:
    return feed_url("prisoner", slug=prisoner.slug)
