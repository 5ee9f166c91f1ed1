"""The organizers' controls beside a prisoner wherever one is shown (issue 15).

One include, templates/organize/_prisoner_controls.html, links to each action on the
prisoner (assign or reassign, end the adoption, add an event, released, died, edit) with
a `next` back to the page it sits on. It is shown only to an organizer with a second
factor: the gate would send anyone else away from every one of those links. Pages that
show it are personal, so that no cache ever shares them (advocacy.pagecache stores
nothing a signed-in person reads).
"""

from advocacy.access import has_second_factor, is_organizer

TEMPLATE = "organize/_prisoner_controls.html"


def may_act(user) -> bool:
    """Whether `user` gets the controls: an organizer whose second factor is set up."""
    return is_organizer(user) and has_second_factor(user)
