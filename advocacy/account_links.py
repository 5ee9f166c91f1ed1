"""allauth's emailed links name no one by a sequential id (issue 11, point 9).

A link's key is signed or hashed, not encrypted: whatever id it carries, anyone holding
the link reads. allauth's own choices would show how many people signed up, and in
what order; here they carry random values instead:

- Password reset. allauth writes the user's primary key in base 36 before the token
  (`/accounts/password/reset/key/<uidb36>-<token>/`) and has no setting for it; but the
  adapter writes the email (`reset_key`) and ACCOUNT_FORMS["user_token"] reads the link
  back (`UserTokenForm`), so the link carries `User.link_id` in hex instead.
- Email confirmation. allauth's default (HMAC) keys sign the EmailAddress's primary
  key; with ACCOUNT_EMAIL_CONFIRMATION_HMAC off they are 64 random characters, stored
  (allauth's EmailConfirmation) until the address is confirmed or deleted.
"""

import uuid

from allauth.account import forms as allauth_forms
from allauth.account import views as allauth_views
from allauth.account.models import EmailConfirmationHMAC
from django.contrib.auth import get_user_model
from django.http import Http404

from .models import LINK_ID_HEX


def reset_key(user, token: str) -> str:
    """What follows /password/reset/key/ in a reset link: link id, dash, token."""
    return f"{user.link_id.hex}-{token}"


class UserTokenForm(allauth_forms.UserTokenForm):
    """Reads the user of a reset link by link id.

    A link sent before the change names the user by base-36 primary key (at most 13
    characters, never 32 hex digits) and is still honoured: Django's token in it expires
    with PASSWORD_RESET_TIMEOUT (3 days). Delete the fallback three days after the
    release that added `User.link_id` (migration advocacy 0004) was deployed.
    """

    def _get_user(self, uidb36):
        if LINK_ID_HEX.fullmatch(uidb36):
            return get_user_model().objects.filter(link_id=uuid.UUID(hex=uidb36)).first()
        return super()._get_user(uidb36)


class ConfirmEmailView(allauth_views.ConfirmEmailView):
    """allauth's confirmation page, which also takes a key made before the change.

    Those are HMAC keys, which expire after ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS
    (3 days). Delete this view, and its line in advocacy/urls.py, three days after the
    release that turned ACCOUNT_EMAIL_CONFIRMATION_HMAC off was deployed.
    """

    def get_object(self, queryset=None):
        try:
            return super().get_object(queryset)
        except Http404:
            legacy = EmailConfirmationHMAC.from_key(self.kwargs["key"])
            if legacy is None:
                raise
            return legacy


confirm_email = ConfirmEmailView.as_view()
