"""The public record's page and its CSV for journalists."""

import csv

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_safe

from prisoners.feeds import feed_url

from . import figures

PRISONERS_PER_PAGE = 25
# A cell starting with one of these is a formula to a spreadsheet: names are typed by
# people, so each such cell is written as text (OWASP's advice on CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@require_safe
def censorship(request):
    page = Paginator(figures.by_prisoner(), PRISONERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "campaigns/censorship.html",
        {
            "totals": figures.totals(),
            "months": figures.by_month(),
            "page": page,
            "prisoners": figures.with_prisoners(page.object_list),
            "feed_url": feed_url("censorship"),
        },
    )


@require_safe
def censorship_csv(request):
    """Every month, platform and prisoner with a count, in the reader's language: UTF-8
    with a byte order mark, which Excel needs to read Chinese right."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="censorship.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [
            _("month"),
            _("platform"),
            _("prisoner (address)"),
            _("prisoner"),
            pgettext("public record", "posts checked"),
            pgettext("public record", "posts removed"),
            pgettext("public record", "posts on suspended accounts"),
        ]
    )
    for row in figures.for_csv():
        writer.writerow(
            [
                formats.date_format(row["month"], "Y-m"),
                figures.PlatformMonth(row["platform"]).label,
                row["prisoner"].slug,
                as_text(row["prisoner"].primary_name()),
                row["checked"],
                row["removed"],
                row["suspended"],
            ]
        )
    return response


def as_text(cell: str) -> str:
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell
