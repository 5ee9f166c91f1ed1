"""Prisoner cards and the list's search fields from the fragment cache
(prisoners/fragments.py):

{% load cards %}
{% prisoner_cards prisoners heading="h2" as rendered %}
{% for card in rendered %}<div class="col">{{ card }}</div>{% endfor %}
{% prisoner_filter_fields filter %}
"""

from django import template

from .. import fragments

register = template.Library()


@register.simple_tag
def prisoner_cards(prisoners, heading="h3"):
    """Each prisoner's card (HTML), rendered once per language and version."""
    return fragments.cards(prisoners, heading)


@register.simple_tag
def prisoner_filter_fields(filterset):
    """The list's search fields (HTML), rendered once per language, query and count."""
    return fragments.filter_fields(filterset)
