"""`{{ form.field|field_block }}`: a field as crispy-bootstrap5 shows it, in plain Python
(campaigns.fastforms)."""

from django import template

from .. import fastforms

register = template.Library()
register.filter("field_block", fastforms.field_block)
