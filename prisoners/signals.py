from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from advocacy.pagecache import pages_changed

from .models import CaseEvent, Prisoner, Source


@receiver([post_save, post_delete], sender=Prisoner)
@receiver([post_save, post_delete], sender=CaseEvent)
@receiver([post_save, post_delete], sender=Source)
def public_pages_changed(sender, **kwargs):
    """A record the public pages show was saved: cached copies go once it commits."""
    transaction.on_commit(pages_changed)


@receiver(pre_save, sender=Prisoner)
def note_the_photo_replaced(sender, instance, raw=False, update_fields=None, **kwargs):
    """The photo this save replaces, read from the row: the instance may be stale."""
    instance._replaced_photo = ""
    if raw or instance.pk is None or (update_fields is not None and "photo" not in update_fields):
        return
    stored = sender.objects.filter(pk=instance.pk).values_list("photo", flat=True).first()
    if stored and stored != instance.photo.name:
        instance._replaced_photo = stored


@receiver(post_save, sender=Prisoner)
def delete_the_replaced_photo(sender, instance, **kwargs):
    if replaced := getattr(instance, "_replaced_photo", ""):
        transaction.on_commit(partial(delete_photo_file, instance.photo.storage, replaced))


@receiver(post_delete, sender=Prisoner)
def delete_the_photo_of_a_deleted_prisoner(sender, instance, **kwargs):
    if instance.photo.name:
        transaction.on_commit(
            partial(delete_photo_file, instance.photo.storage, instance.photo.name)
        )


def delete_photo_file(storage, name: str) -> None:
    """Only after the commit (a rollback keeps the current photo), and only a file no
    prisoner still shows: a replaced photo must not stay public under /media/."""
    if not Prisoner.objects.filter(photo=name).exists():
        storage.delete(name)
