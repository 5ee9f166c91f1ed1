from allauth.account.signals import email_changed
from django.dispatch import receiver

from .models import VolunteerSettings


@receiver(email_changed)
def try_the_new_address(sender, request, user, from_email_address, to_email_address, **kwargs):
    """A refused address that was replaced no longer blocks reminders."""
    VolunteerSettings.objects.filter(volunteer=user).update(
        undeliverable_at=None, undeliverable_reason=""
    )
