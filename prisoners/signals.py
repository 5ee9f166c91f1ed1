from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from advocacy.pagecache import pages_changed

from .models import CaseEvent, Prisoner, Source


@receiver([post_save, post_delete], sender=Prisoner)
@receiver([post_save, post_delete], sender=CaseEvent)
@receiver([post_save, post_delete], sender=Source)
def public_pages_changed(sender, **kwargs):
    """A record the public pages show was saved: cached copies go once it commits."""
    transaction.on_commit(pages_changed)
