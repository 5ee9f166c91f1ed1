"""The organizers' controls on pages that do not know about adoptions (the admin's)."""

from django import template

from ..models import Adoption
from ..organize import controls

register = template.Library()


@register.inclusion_tag(controls.TEMPLATE, takes_context=True)
def prisoner_controls(context, prisoner) -> dict:
    """The controls for `prisoner`, to an organizer with a second factor (one query for
    whether someone defends them); nothing to anyone else."""
    request = context["request"]
    if prisoner is None or not controls.may_act(request.user):
        return {}
    defended = Adoption.objects.active().defenders().filter(prisoner=prisoner).exists()
    return {
        "request": request,
        "prisoner": prisoner,
        "defended": defended,
        "panel": True,
        "in_admin": True,
    }
