from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from .forms import PrisonerAdminForm
from .models import CaseEvent, Prisoner, Source

# Links typed without a scheme become https:// (Django 6's default, chosen now).
HTTPS_LINKS = {models.URLField: {"assume_scheme": "https"}}


class CaseEventInline(admin.StackedInline):
    formfield_overrides = HTTPS_LINKS
    model = CaseEvent
    extra = 0
    fields = [
        ("date", "date_precision", "kind"),
        ("text", "text_zh_hans", "text_zh_hant"),
        "source_url",
        "is_published",
    ]


class SourceInline(admin.TabularInline):
    formfield_overrides = HTTPS_LINKS
    model = Source
    extra = 0
    fields = ["url", "title", "title_zh_hans", "title_zh_hant", "position"]


@admin.register(Prisoner)
class PrisonerAdmin(admin.ModelAdmin):
    form = PrisonerAdminForm
    list_display = [
        "name",
        "native_name",
        "status",
        "region",
        "place",
        "priority",
        "is_published",
        "updated_at",
    ]
    list_filter = ["is_published", "status", "priority", "gender", "sentence", "region"]
    list_editable = ["priority", "is_published"]
    list_per_page = 50
    show_full_result_count = False  # no COUNT(*) over the whole table on every search
    search_fields = ["slug"]
    search_help_text = _("Chinese characters, pinyin (with or without tones) or English name.")
    prepopulated_fields = {}
    readonly_fields = ["created_at", "updated_at"]
    inlines = [CaseEventInline, SourceInline]
    fieldsets = [
        (None, {"fields": [("name", "native_name"), ("pinyin", "slug"), "aliases"]}),
        (
            _("Person"),
            {
                "fields": [
                    "photo",
                    ("gender", "occupation"),
                    ("birth_date", "birth_date_precision"),
                    ("region", "place"),
                ]
            },
        ),
        (
            _("Case"),
            {
                "fields": [
                    "status",
                    ("detained_on", "detained_on_precision"),
                    ("sentenced_on", "sentenced_on_precision"),
                    ("sentence", "sentence_end", "sentence_end_precision"),
                    ("death_date", "death_date_precision"),
                    "charges",
                    "facility",
                    "health_concerns",
                    "summary",
                ]
            },
        ),
        (
            _("The case in Chinese"),
            {
                "description": _(
                    "Write in Simplified Chinese; readers of Traditional Chinese get it "
                    "converted. Fill a Traditional field only to write it by hand."
                ),
                "fields": [
                    ("occupation_zh_hans", "occupation_zh_hant"),
                    ("charges_zh_hans", "charges_zh_hant"),
                    ("facility_zh_hans", "facility_zh_hant"),
                    ("health_concerns_zh_hans", "health_concerns_zh_hant"),
                    ("summary_zh_hans", "summary_zh_hant"),
                ],
            },
        ),
        (_("Campaign"), {"fields": [("is_published", "priority"), "hashtag"]}),
        (
            _("Records elsewhere"),
            {"fields": [("cppc_id", "cecc_id", "duihua_id"), ("created_at", "updated_at")]},
        ),
    ]

    def get_search_results(self, request, queryset, search_term):
        # The public search (every spelling, through the trigram index), not icontains.
        if not search_term:
            return queryset, False
        return queryset.search(search_term), False


@admin.register(CaseEvent)
class CaseEventAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_LINKS
    list_display = ["date", "kind", "prisoner", "is_published"]
    list_filter = ["kind", "is_published"]
    list_select_related = ["prisoner"]
    raw_id_fields = ["prisoner"]
    date_hierarchy = "date"
    show_full_result_count = False
