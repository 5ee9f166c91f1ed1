import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

HANDED_BACK = "handed_back"


def _organizer_wrote(apps, adoption) -> tuple[bool, int | None]:
    """Whether an organizer wrote the adoption's old end_note, and who.

    A hand-back's note is the volunteer's own words, unless an organizer ended the
    adoption with "handed back" as the reason (an "end_adoption" entry on the audit log
    names the adoption). Every other end's note came from an organizer or the system.
    """
    AuditEntry = apps.get_model("campaigns", "AuditEntry")
    entry = (
        AuditEntry.objects.filter(action="end_adoption", after__defender__id=adoption.pk)
        .order_by("-created_at")
        .first()
    )
    if entry:
        return True, entry.actor_id
    return adoption.end_reason != HANDED_BACK, None


def move_notes(apps, schema_editor):
    """Organizers' old end_notes become OrganizerNote rows; a volunteer's own hand-back
    note stays theirs (end_message). Nothing an organizer wrote stays on the adoption."""
    Adoption = apps.get_model("campaigns", "Adoption")
    OrganizerNote = apps.get_model("campaigns", "OrganizerNote")
    for adoption in Adoption.objects.exclude(end_note="").order_by("pk").iterator():
        organizers, author = _organizer_wrote(apps, adoption)
        if not organizers:
            adoption.end_message = adoption.end_note
            adoption.save(update_fields=["end_message"])
        elif adoption.volunteer_id:  # a deleted volunteer's notes were cleared already
            OrganizerNote.objects.create(
                volunteer_id=adoption.volunteer_id,
                adoption=adoption,
                author_id=author,
                text=adoption.end_note,
                created_at=adoption.ended_at or django.utils.timezone.now(),
            )
    # The new rows' deferred foreign-key checks run now: PostgreSQL refuses to alter a
    # table (the RemoveField below) with trigger events still pending.
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def move_back(apps, schema_editor):
    Adoption = apps.get_model("campaigns", "Adoption")
    OrganizerNote = apps.get_model("campaigns", "OrganizerNote")
    Adoption.objects.exclude(end_message="").update(end_note=models.F("end_message"))
    for note in OrganizerNote.objects.filter(adoption__isnull=False).order_by("pk"):
        Adoption.objects.filter(pk=note.adoption_id).update(end_note=note.text)
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    """Organizers' notes leave the adoption for a table of their own (issue 15, point 6):
    the old end_note was in the volunteer's data export."""

    dependencies = [
        ("campaigns", "0012_assignment_emails"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="adoption",
            name="end_message",
            field=models.TextField(
                blank=True, verbose_name="message on ending, seen by the volunteer"
            ),
        ),
        migrations.CreateModel(
            name="OrganizerNote",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.TextField(verbose_name="note")),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="written"),
                ),
                (
                    "adoption",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="organizer_notes",
                        to="campaigns.adoption",
                        verbose_name="adoption",
                    ),
                ),
                (
                    "author",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="written by",
                    ),
                ),
                (
                    "volunteer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="organizer_notes",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="about the volunteer",
                    ),
                ),
            ],
            options={
                "verbose_name": "organizer note",
                "verbose_name_plural": "organizer notes",
                "indexes": [
                    models.Index(
                        fields=["volunteer", "-created_at"], name="organizer_note_by_volunteer"
                    )
                ],
            },
        ),
        migrations.RunPython(move_notes, move_back),
        migrations.RemoveField(model_name="adoption", name="end_note"),
    ]
