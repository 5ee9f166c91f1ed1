import secrets

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q

from advocacy.access import ORGANIZERS

# What organizers may do in the admin: keep prisoner records, read the campaign.
ORGANIZER_PERMISSIONS = {
    "prisoners": ["add", "change", "delete", "view"],
    "campaigns": ["view", "change"],
    "advocacy": ["view"],
}


def organizers_group() -> Group:
    group, _ = Group.objects.get_or_create(name=ORGANIZERS)
    wanted = Q()
    for app_label, actions in ORGANIZER_PERMISSIONS.items():
        codename = "|".join(actions)
        wanted |= Q(content_type__app_label=app_label, codename__regex=rf"^({codename})_")
    group.permissions.set(Permission.objects.filter(wanted))
    return group


class Command(BaseCommand):
    help = (
        "Create an organizer account (or reset its password) and print a new random "
        "password once. There is no default password."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="", help="Display name (a pseudonym is fine).")

    @transaction.atomic
    def handle(self, *args, email, name, **options):
        try:
            validate_email(email)
        except ValidationError as exc:
            raise CommandError(f"“{email}” is not an email address.") from exc
        User = get_user_model()
        user = User.objects.filter(email__iexact=email).first() or User(
            email=User.objects.normalize_email(email)
        )
        created = user.pk is None
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.is_staff = True
        user.is_active = True
        if name or created:
            user.display_name = name or email.split("@")[0]
        user.save()
        user.groups.add(organizers_group())
        # Whoever runs this command vouches for the address: the organizer signs in
        # through the site's login without waiting for a confirmation email.
        EmailAddress.objects.update_or_create(
            user=user, email__iexact=user.email,
            defaults={"email": user.email, "verified": True, "primary": True},
        )  # fmt: skip
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} organizer {user.email}.")
        self.stdout.write(f"Password (shown once, change it after signing in): {password}")
