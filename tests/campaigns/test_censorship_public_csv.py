"""The public record as a CSV for journalists: UTF-8 with a BOM, one row per month,
platform and prisoner, in the reader's language."""

import csv
import datetime
import io

from django.conf import settings

from campaigns.models import CensorshipDay, Post


def rows(client, language="en") -> list[list[str]]:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/censorship/censorship.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="censorship.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")  # Excel reads Chinese right
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_one_row_per_month_platform_and_prisoner(client, prisoner, make_prisoner):
    for when, platform, checked, removed in [
        (datetime.date(2026, 5, 3), Post.Platform.X, 10, 2),
        (datetime.date(2026, 5, 20), Post.Platform.X, 4, 1),
        (datetime.date(2026, 4, 1), Post.Platform.WEIBO, 3, 3),
    ]:
        CensorshipDay.objects.create(
            day=when, platform=platform, prisoner=prisoner, checked=checked, removed=removed
        )
    hidden = make_prisoner(name="Unpublished Case", is_published=False)
    CensorshipDay.objects.create(
        day=datetime.date(2026, 5, 3), platform="x", prisoner=hidden, checked=1
    )

    english = rows(client)

    assert english == [
        [
            "month",
            "platform",
            "prisoner (address)",
            "prisoner",
            "posts checked",
            "posts removed",
            "posts on suspended accounts",
        ],
        ["2026-04", "Weibo", prisoner.slug, "Wu Gan", "3", "3", "0"],
        ["2026-05", "X (Twitter)", prisoner.slug, "Wu Gan", "14", "3", "0"],
    ]
    chinese = rows(client, "zh-hans")
    assert chinese[0][:3] == ["月", "平台", "政治犯（网址）"]
    assert chinese[1][1:4] == ["微博", prisoner.slug, "吴淦"]
    assert rows(client, "zh-hant")[1][3] == "吳淦"


def test_an_empty_record_is_a_header_only(client, db):
    assert len(rows(client)) == 1


def test_a_name_a_spreadsheet_would_run_is_written_as_text(client, make_prisoner):
    prisoner = make_prisoner(name="=HYPERLINK(1)")
    CensorshipDay.objects.create(
        day=datetime.date(2026, 5, 3), platform="x", prisoner=prisoner, checked=1
    )
    assert rows(client)[1][3] == "'=HYPERLINK(1)"
