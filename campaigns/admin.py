from django.contrib import admin

from .models import Adoption


@admin.register(Adoption)
class AdoptionAdmin(admin.ModelAdmin):
    list_display = ["prisoner", "volunteer", "role", "started_at", "ended_at", "end_reason"]
    list_filter = ["role", "end_reason"]
    list_select_related = ["prisoner", "volunteer"]
    raw_id_fields = ["prisoner", "volunteer"]
    show_full_result_count = False

    # Read-only: adoptions change through the organizers' actions at /organize/, which
    # check the rules, write the audit log, move the rollups and thank the defender.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
