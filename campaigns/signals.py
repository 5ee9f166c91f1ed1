from allauth.account.signals import email_changed
from allauth.account.signals import user_logged_in as signed_in
from allauth.mfa.signals import authentication_failed as second_factor_failed
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from advocacy.access import access_denied

from . import audit
from .models import AuditEntry, VolunteerSettings


@receiver(email_changed)
def try_the_new_address(sender, request, user, from_email_address, to_email_address, **kwargs):
    """A refused address that was replaced no longer blocks reminders."""
    VolunteerSettings.objects.filter(volunteer=user).update(
        undeliverable_at=None, undeliverable_reason=""
    )


# The audit log (S11). Never an email address or a password in it: a person is named by
# pseudonym and id, and a failed sign-in for an unknown address says only that.


@receiver(signed_in)
def audit_sign_in(sender, request, user, **kwargs):
    """A sign-in through the site's forms (allauth's signal: not force_login in tests)."""
    audit.record(user, AuditEntry.Action.SIGN_IN, audit.volunteer_label(user))


@receiver(user_login_failed)
def audit_failed_sign_in(sender, credentials, request=None, **kwargs):
    address = credentials.get("email") or credentials.get("username") or ""
    who = get_user_model().objects.filter(email__iexact=address).first() if address else None
    audit.record(
        who,
        AuditEntry.Action.SIGN_IN_FAILED,
        audit.volunteer_label(who) if who else "",
        after={} if who else {"account": "unknown address"},
        outcome=AuditEntry.Outcome.REFUSED,
    )


@receiver(second_factor_failed)
def audit_failed_second_factor(sender, request, user, **kwargs):
    """The right password and a wrong code: someone may hold the password."""
    audit.record(
        user,
        AuditEntry.Action.SIGN_IN_FAILED,
        audit.volunteer_label(user),
        after={"step": "second factor"},
        outcome=AuditEntry.Outcome.REFUSED,
    )


@receiver(access_denied)
def audit_denied(sender, request, user, path, **kwargs):
    audit.record_refusal(
        user, AuditEntry.Action.DENIED, path, after={"who": audit.volunteer_label(user)}
    )
