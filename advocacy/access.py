"""Who is an organizer, and the gate in front of everything organizers use (S3).

Organizers are superusers and members of the "Organizers" group. /organize/ and
/admin/ answer 404 to everyone else, visitors included, so that they do not even
reveal themselves; an organizer without a second factor is sent to set one up first.
The refusal is the site's ordinary 404, with its headers (the gate sits below the
header middlewares) and without the slash redirect that would tell `/admin` apart
from an unknown address.
"""

from functools import wraps

from allauth.account.auth_backends import AuthenticationBackend
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.dispatch import Signal
from django.http import Http404
from django.middleware.common import CommonMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .models import ORGANIZERS, SECOND_FACTOR, is_organizer_condition

__all__ = ["ORGANIZERS", "is_organizer", "is_organizer_condition"]

GATED_PREFIXES = ("/organize/", "/admin/")
# Set on a request the gate refused: its 404 must stay one (GateAwareCommonMiddleware).
REFUSED = "organizer_gate_refused"

# Sent when a signed-in person who is not an organizer knocks at the organizers' door
# (the campaign app writes it in the audit log, S11). Visitors who are not signed in
# are not recorded: scanners would fill the log.
access_denied = Signal()  # sender, request, user, path


def is_organizer(user) -> bool:
    """advocacy.models.is_organizer_condition for one user: read with the signed-in user
    by the backends below, else one query (kept on the object)."""
    if not user.is_authenticated:
        return False
    if getattr(user, "organizer_flag", None) is None:
        user.organizer_flag = get_user_model().objects.organizers().filter(pk=user.pk).exists()
    return user.organizer_flag


class _OrganizerFlag:
    """Loads the signed-in user with their organizer flag (and what other apps read with
    them, advocacy.models.SIGNED_IN_READS): the menu, the gate and the banners then know
    it without another query."""

    def get_user(self, user_id):
        user = get_user_model().objects.signed_in_user(user_id)
        return user if user and self.user_can_authenticate(user) else None


class OrganizerAwareModelBackend(_OrganizerFlag, ModelBackend):
    pass


class OrganizerAwareAuthenticationBackend(_OrganizerFlag, AuthenticationBackend):
    pass


def organizers_only(view):
    """For a view of organizers' data: the gate middleware already answers 404 to
    others; this holds without it."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_organizer(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def has_second_factor(user) -> bool:
    """allauth's is_mfa_enabled: as read with the signed-in user (SIGNED_IN_READS: the
    gate of every organizer page and their controls ask no query of their own), else
    one query."""
    known = getattr(user, SECOND_FACTOR, None)
    if known is None:
        return is_mfa_enabled(user)
    return known


class OrganizerGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # "/admin" and "/organize" too: they would otherwise be slash-redirected.
        path = f"{request.path_info}/"
        if path.startswith(GATED_PREFIXES):
            user = request.user
            if not is_organizer(user) or (path.startswith("/admin/") and not user.is_staff):
                setattr(request, REFUSED, True)
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


class GateAwareCommonMiddleware(CommonMiddleware):
    """Django's CommonMiddleware, except that the gate's 404 is never turned into a
    redirect to the slashed address: `/admin/login` would answer 301 where an unknown
    address answers 404, and tell that the page exists."""

    def should_redirect_with_slash(self, request):
        return not getattr(request, REFUSED, False) and super().should_redirect_with_slash(request)
