from django.contrib import admin

from .models import Adoption


@admin.register(Adoption)
class AdoptionAdmin(admin.ModelAdmin):
    list_display = ["prisoner", "volunteer", "role", "started_at", "ended_at", "end_reason"]
    list_filter = ["role", "end_reason"]
    list_select_related = ["prisoner", "volunteer"]
    raw_id_fields = ["prisoner", "volunteer"]
    show_full_result_count = False
