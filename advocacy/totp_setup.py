"""Setting up an authenticator app: one secret from the first look to the confirmation.

allauth's set-up form draws a new secret on every GET, so that a reload replaces the QR
code an organizer already scanned, and the code their app then shows is refused. Here
the secret drawn first stays in the session until it is confirmed. Should it have to
change all the same (the session ended: signed out, expired), the page says so, since
the app still holds the old entry: the user's last secret is remembered, as a digest,
in the cache. Used through MFA_FORMS["activate_totp"].
"""

import hashlib

from allauth.core import context as allauth_context
from allauth.mfa.totp.forms import ActivateTOTPForm
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Set in the session while the secret shown differs from one shown to the user before.
REPLACED_SESSION_KEY = "advocacy.totp.replaced"
# Long enough to outlive any session that showed the earlier secret.
SHOWN_TIMEOUT = 60 * 60 * 24 * 90

INCORRECT_CODE = _(
    "Incorrect code. Use the code your app shows for the QR code on this page (if you "
    "scanned an earlier one, remove that entry and scan this one), and check that your "
    "phone's clock is set automatically: codes change every 30 seconds."
)


def _shown_key(user) -> str:
    return f"advocacy.totp.shown:{user.pk}"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()[:32]


class StableActivateTOTPForm(ActivateTOTPForm):
    def __init__(self, *args, **kwargs) -> None:
        session = allauth_context.request.session
        kept = session.get(SECRET_SESSION_KEY)
        super().__init__(*args, **kwargs)  # draws a new secret when unbound
        if kept:
            self.secret = session[SECRET_SESSION_KEY] = kept
        else:
            shown = cache.get(_shown_key(self.user))
            session[REPLACED_SESSION_KEY] = shown is not None and shown != _digest(self.secret)
            cache.set(_shown_key(self.user), _digest(self.secret), SHOWN_TIMEOUT)
        self.secret_replaced = session.get(REPLACED_SESSION_KEY, False)

    def clean_code(self) -> str:
        try:
            code = super().clean_code()
        except ValidationError as error:
            if error.code == "incorrect_code":
                raise ValidationError(INCORRECT_CODE, code="incorrect_code") from None
            raise
        # Confirmed: allauth activates this secret next; nothing left to warn about.
        cache.delete(_shown_key(self.user))
        allauth_context.request.session.pop(REPLACED_SESSION_KEY, None)
        return code
