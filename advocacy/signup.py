"""The sign-up form: it costs the same whether or not the address has an account.

A new address costs a password hash (Argon2: most of the request), a few rows and an
email; a known one, with ACCOUNT_PREVENT_ENUMERATION, only an email to its owner. That
difference in time told whether an address has an account (issue 11). So the typed
password is hashed for a known address too, and the hash thrown away; both emails
leave through the broker (advocacy/account_mail.py), so neither request waits for SMTP.

The campaign's own fields are in advocacy/forms.py (ACCOUNT_SIGNUP_FORM_CLASS), which
allauth makes the base of this form.
"""

from allauth.account.forms import SignupForm
from django.contrib.auth.hashers import make_password
from django.db import transaction


class SameCostSignupForm(SignupForm):
    def try_save(self, request):
        if self.account_already_exists:
            make_password(self.cleaned_data["password1"])
        # The account, its settings and its address commit together: one commit (one
        # disk flush) instead of three, so a new account costs little more than a known
        # address, and no account is ever left without its address.
        with transaction.atomic():
            return super().try_save(request)
