"""Who is an organizer, and the gate in front of everything organizers use (S3).

Organizers are superusers and members of the "Organizers" group. /organize/ and
/admin/ answer 404 to everyone else, visitors included, so that they do not even
reveal themselves; an organizer without a second factor is sent to set one up first.
"""

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.dispatch import Signal
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

ORGANIZERS = "Organizers"
GATED_PREFIXES = ("/organize/", "/admin/")

# Sent when a signed-in person who is not an organizer knocks at the organizers' door
# (the campaign app writes it in the audit log, S11). Visitors who are not signed in
# are not recorded: scanners would fill the log.
access_denied = Signal()  # sender, request, user, path


def is_organizer(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=ORGANIZERS).exists()


def has_second_factor(user) -> bool:
    return is_mfa_enabled(user)


class OrganizerGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(GATED_PREFIXES):
            user = request.user
            if not is_organizer(user) or (
                request.path_info.startswith("/admin/") and not user.is_staff
            ):
                if user.is_authenticated:
                    access_denied.send(
                        sender=OrganizerGateMiddleware,
                        request=request,
                        user=user,
                        path=request.path_info,
                    )
                raise Http404
            if not has_second_factor(user):
                messages.warning(
                    request,
                    _("Organizers need a second factor first: set up an authenticator app."),
                )
                target = reverse("mfa_activate_totp")
                return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
