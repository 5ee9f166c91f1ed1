from django.contrib import admin
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from .models import AccountSuspension, Adoption, LinkCheck, OrganizerNote, Post

# The posts an adoption's page shows; the rest are one link away, at /organize/posts/.
ADOPTION_POSTS = 20


@admin.register(Adoption)
class AdoptionAdmin(admin.ModelAdmin):
    list_display = ["prisoner", "volunteer", "role", "started_at", "ended_at", "end_reason"]
    list_filter = ["role", "end_reason"]
    list_select_related = ["prisoner", "volunteer"]
    raw_id_fields = ["prisoner", "volunteer"]
    readonly_fields = ["posts"]
    show_full_result_count = False

    # Read-only: adoptions change through the organizers' actions at /organize/, which
    # check the rules, write the audit log, move the rollups and thank the defender.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Their posts about this prisoner"))
    def posts(self, adoption: Adoption) -> str:
        """The defender's last posts about the prisoner, linked, so that an adoption kept
        alive by empty posts shows; all of them on the organizers' posts page."""
        found = Post.objects.filter(volunteer=adoption.volunteer_id, prisoner=adoption.prisoner_id)
        query = {"volunteer": adoption.volunteer_id, "prisoner": adoption.prisoner.slug}
        return render_to_string(
            "organize/_adoption_posts.html",
            {
                "posts": list(found.order_by("-posted_at", "-id")[:ADOPTION_POSTS]),
                "all_url": f"{reverse('organize:posts')}?{urlencode(query)}",
            },
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records the censorship watch writes: organizers read them, nobody edits them."""

    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LinkCheck)
class LinkCheckAdmin(ReadOnlyAdmin):
    """Every check of every logged link: what the platform answered, what we read."""

    list_display = ["checked_at", "post", "previous_status", "status", "http_status", "detail"]
    list_filter = ["status", "previous_status"]
    list_select_related = ["post"]
    raw_id_fields = ["post"]
    date_hierarchy = "checked_at"
    ordering = ["-checked_at"]


@admin.register(AccountSuspension)
class AccountSuspensionAdmin(ReadOnlyAdmin):
    """Volunteers' reports that a platform suspended their account."""

    list_display = ["reported_at", "platform", "volunteer", "prisoner"]
    list_filter = ["platform"]
    list_select_related = ["volunteer", "prisoner"]
    raw_id_fields = ["volunteer", "prisoner"]
    date_hierarchy = "reported_at"
    ordering = ["-reported_at"]


@admin.register(OrganizerNote)
class OrganizerNoteAdmin(ReadOnlyAdmin):
    """Organizers' notes about volunteers (never shown to them). Written through the
    organizers' actions; a wrong one may be deleted here."""

    list_display = ["created_at", "volunteer", "adoption", "author", "text"]
    list_select_related = ["volunteer", "adoption__prisoner", "author"]
    raw_id_fields = ["volunteer", "adoption", "author"]
    date_hierarchy = "created_at"
    ordering = ["-created_at"]

    def has_delete_permission(self, request, obj=None):
        return admin.ModelAdmin.has_delete_permission(self, request, obj)
