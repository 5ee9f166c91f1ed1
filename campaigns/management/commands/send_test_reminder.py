"""Render one reminder for a volunteer and send it, to look at it."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.core.management.base import BaseCommand, CommandError

from campaigns import weeks
from campaigns.models import Adoption, OutgoingEmail
from campaigns.outbox.emails import build_message
from prisoners.models import Prisoner


class Command(BaseCommand):
    help = (
        "Render the weekly reminder for the volunteer with this email address and send it "
        "now, outside the outbox. With the development email backend, read it in var/mail/."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--kind",
            choices=[
                OutgoingEmail.Kind.REMINDER,
                OutgoingEmail.Kind.NUDGE,
                OutgoingEmail.Kind.LAPSED,
            ],
            default=OutgoingEmail.Kind.REMINDER,
        )

    def handle(self, email, kind, **options):
        volunteer = get_user_model().objects.filter(email__iexact=email).first()
        if volunteer is None:
            raise CommandError(f"No account with the address {email}.")
        adoption = Adoption.objects.active().defenders().filter(volunteer=volunteer).first()
        prisoner = adoption.prisoner if adoption else None
        if prisoner is None:
            # Someone who defends no one yet sees what a reminder would look like.
            prisoner = Prisoner.objects.published().held().order_by("-priority", "pk").first()
        if prisoner is None:
            raise CommandError("There is no published prisoner to write about.")
        row = OutgoingEmail(
            volunteer=volunteer, prisoner=prisoner, kind=kind, period="test", weeks_quiet=2
        )
        # Its words follow the volunteer's real week: "not posted yet" only if so.
        posted = weeks.week_status(volunteer).posted_this_week
        message = build_message(row, posted_this_week=posted)
        sent = get_connection(fail_silently=False).send_messages([message])
        self.stdout.write(f"Sent {sent} message: {message.subject}")
        if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
            self.stdout.write(f"Read it in {settings.EMAIL_FILE_PATH}/")
