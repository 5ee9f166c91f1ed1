from django.utils.functional import SimpleLazyObject

from .models import VolunteerSettings


def delivery(request):
    """Whether the mail server refused the signed-in volunteer's address (a banner)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "delivery_problem": SimpleLazyObject(
            lambda: VolunteerSettings.objects.filter(
                volunteer=user, undeliverable_at__isnull=False
            ).first()
        )
    }
