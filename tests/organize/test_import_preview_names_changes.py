"""The preview names who would be created, what would change for whom (field by field:
"Place: 北京 → 上海") and how many are already up to date; the result page the same,
as done. The worker's tasks run in this process (`imports_inline`)."""

from prisoners.importer import import_prisoners
from prisoners.models import Prisoner

from .conftest import HEADER, confirm, upload

BEFORE = "\n".join(
    [
        HEADER,
        "王丹,male,1969,,北京,life,https://example.org/1",
        "丙,female,,,上海,detention,https://example.org/3",
    ]
)
AFTER = "\n".join(
    [
        HEADER,
        "王丹,男,1969,,上海,life,https://example.org/1 https://example.org/1b",
        "丙,女,,,上海,detention,https://example.org/3",
        "新人,M,1980,,成都,,https://example.org/new",
    ]
)


def test_the_preview_names_who_is_created_updated_or_unchanged(org_client):
    import_prisoners(BEFORE)

    response = upload(org_client, AFTER)

    page = response.content.decode()
    assert response.context["created_names"] == [[4, "Xin Ren (新人)"]]
    ((line, name, fields),) = response.context["changes"]
    assert (line, name) == (2, "Wang Dan (王丹)")
    assert fields == [("Place", "北京", "上海"), ("Sources", "", "https://example.org/1b")]
    assert "To be created" in page and "Xin Ren (新人)" in page
    assert "Place: 北京 → 上海" in page
    assert "Sources: — → https://example.org/1b" in page
    assert "1 prisoner is already up to date." in page
    assert Prisoner.objects.get(native_name="王丹").place == "北京"  # nothing saved yet


def test_the_result_page_names_them_as_done(org_client):
    import_prisoners(BEFORE)

    response = confirm(org_client, upload(org_client, AFTER))

    page = response.content.decode()
    assert "Saved: 1 created, 1 updated, 1 unchanged." in page
    assert "Created" in page and "Xin Ren (新人)" in page
    assert "Place: 北京 → 上海" in page
    assert Prisoner.objects.get(native_name="王丹").place == "上海"
    assert 'http-equiv="refresh"' not in page  # done: the page stays still


def test_the_changes_read_in_words_in_the_organizers_language(org_client):
    """A date in the reader's calendar and a precision's name: never "1969-01-01" or "month"."""
    import_prisoners(BEFORE)
    org_client.cookies["django_language"] = "zh-hans"
    later = BEFORE.replace("王丹,male,1969,", "王丹,male,1969-05,")

    response = upload(org_client, later)

    ((_, _, fields),) = response.context["changes"]
    shown = {label: (before, after) for label, before, after in fields}
    assert shown["出生日期"] == ("1969年1月1日", "1969年5月1日")
    assert shown["出生日期精确度"] == ("年", "月")
    page = response.content.decode()
    assert "出生日期：1969年1月1日 → 1969年5月1日" in page
    assert "month" not in page and "1969-05-01" not in page
