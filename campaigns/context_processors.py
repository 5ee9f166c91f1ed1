from django.utils.functional import SimpleLazyObject

from .models import VolunteerSettings

# Read with the signed-in user in the same query (advocacy.models.SIGNED_IN_READS,
# registered in CampaignsConfig.ready): has the mail server refused their address?
ADDRESS_REFUSED = "address_refused"
ADDRESS_REFUSED_SQL = """EXISTS (SELECT 1 FROM campaigns_volunteersettings s
 WHERE s.volunteer_id = "advocacy_user".id AND s.undeliverable_at IS NOT NULL)"""


def delivery(request):
    """Whether the mail server refused the signed-in volunteer's address (a banner)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"delivery_problem": SimpleLazyObject(lambda: address_refused(user))}


def address_refused(user) -> bool:
    """As read with the user; asked of the table for a user loaded some other way."""
    known = getattr(user, ADDRESS_REFUSED, None)
    if known is None:
        known = VolunteerSettings.objects.filter(
            volunteer=user, undeliverable_at__isnull=False
        ).exists()
    return known
