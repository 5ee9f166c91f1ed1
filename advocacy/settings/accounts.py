"""Accounts: django-allauth, the second factor, rate limits."""

from .base import env

AUTH_USER_MODEL = "advocacy.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2 for new passwords (S1); the others still read older hashes.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# Django's and allauth's backends, loading the signed-in user with their organizer flag.
AUTHENTICATION_BACKENDS = [
    "advocacy.access.OrganizerAwareModelBackend",
    "advocacy.access.OrganizerAwareAuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "campaigns:me"

# Accounts (django-allauth): email and password, a display name, nothing else. A real
# name is never asked; the address is verified before the first claim.
ACCOUNT_ADAPTER = "advocacy.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "advocacy.forms.SignupForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
# Sign-up and password reset answer the same whether or not an address is known (S12).
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# One address per account, changed by confirming the new one; the volunteer is told by
# email when their password or address changes (a sign of a taken-over account).
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
# A password typed again within this many seconds counts as fresh for sensitive steps
# (S3: every export; adding, changing or removing an email address). A stolen session
# alone cannot move an account to another address.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# Emailed links carry no sequential id (advocacy/account_links.py): confirmation keys are
# random and stored, not HMACs of the address's primary key; reset links name the user
# by link id, read back by the user_token form.
ACCOUNT_EMAIL_CONFIRMATION_HMAC = False
# signup: the same cost whether or not the address has an account (advocacy/signup.py).
ACCOUNT_FORMS = {
    "signup": "advocacy.signup.SameCostSignupForm",
    "user_token": "advocacy.account_links.UserTokenForm",
}

# Second factor (S3): organizers must have one before they reach /organize/, the admin
# or any export. TOTP apps and recovery codes; no third-party service involved.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="") or "One Person, One Prisoner"
MFA_ADAPTER = "allauth.mfa.adapter.DefaultMFAAdapter"
# The set-up keeps one secret until it is confirmed (allauth's draws one per page load).
MFA_FORMS = {"activate_totp": "advocacy.totp_setup.StableActivateTOTPForm"}

# Organizers: whether a new volunteer must be approved before claiming a prisoner.
VOLUNTEERS_NEED_APPROVAL = env.bool("VOLUNTEERS_NEED_APPROVAL", default=False)
# The organizers' weekly digest goes out on Monday from this hour, campaign time.
ORGANIZER_DIGEST_HOUR = env.int("ORGANIZER_DIGEST_HOUR", default=8)
ACCOUNT_SESSION_REMEMBER = None
# allauth's rate limits are on by default (login failures, sign-ups, resets…); they
# count in the cache, which is Redis and shared by every web process. Failed sign-ins
# count per account AND client address (AccountAdapter), so that strangers cannot lock
# an organizer out, with a generous ceiling per address against password spraying: a
# campaign's volunteers often share a VPN's or an office's address.
ACCOUNT_RATE_LIMITS = {"login_failed": "30/m/ip,5/5m/key"}
# Which address a request comes from, for those limits. By default the connection's
# (REMOTE_ADDR) and X-Forwarded-For is ignored: anyone can write it. Behind a reverse
# proxy every request comes from the proxy, so set how many proxies of yours append to
# X-Forwarded-For (1 for one nginx), or the header your proxy sets to the client address.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env.str("ALLAUTH_TRUSTED_CLIENT_IP_HEADER", default="") or None
