"""The admin site, with a guard on its query strings (issue 11, point 7).

Django's admin hands a changelist's query string to the database as it comes: a NUL
byte in a choice filter (`?status__exact=%00`), the search box or any other parameter
makes PostgreSQL refuse the query, and an oversized `?date__year=` overflows Python's
dates; both were 500s. Every admin view now answers 400 to such a query instead.
"""

from functools import wraps

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import BadRequest

# The parts of a date the admin's date hierarchy reads; no real one has more digits.
DATE_PARTS = ("__year", "__month", "__day")
DATE_PART_DIGITS = 4


def refuse_unreadable_query(query) -> None:
    """Raise BadRequest (a 400) for a query string the database or a date cannot take."""
    for name, values in query.lists():
        for value in [name, *values]:
            if "\x00" in value:
                raise BadRequest("NUL byte in the query string")
        if name.endswith(DATE_PARTS) and any(
            not (value.isdigit() and len(value) <= DATE_PART_DIGITS) for value in values
        ):
            raise BadRequest("not a date")


class CampaignAdminSite(admin.AdminSite):
    def admin_view(self, view, cacheable=False):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            refuse_unreadable_query(request.GET)
            return view(request, *args, **kwargs)

        # Inside Django's own wrapper: its sign-in check comes first.
        return super().admin_view(guarded, cacheable)


class CampaignAdminConfig(AdminConfig):
    """django.contrib.admin with CampaignAdminSite as `admin.site`, so that every
    ModelAdmin, ours and the installed apps', is served by it."""

    default_site = "advocacy.admin_site.CampaignAdminSite"
