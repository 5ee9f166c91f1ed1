"""The audit log in words: "Defender › End reason: — → Prisoner released", with the
fields' labels and the choices' words in the reader's language; never raw JSON or an
internal code."""

import pytest

from campaigns.models import AuditEntry
from campaigns.organize import audit_words
from tests.conftest import defend

from .conftest import url


def changes_cell(page: str) -> str:
    return page.split('<table class="table table-sm align-top audit-log">', 1)[1]


def test_a_release_reads_as_words(org, volunteer, prisoner, django_capture_on_commit_callbacks):
    defend(volunteer, prisoner)
    with django_capture_on_commit_callbacks(execute=True):
        org.post(url("mark_released", prisoner.slug), {"when": "2026-01-15", "text": "Free."})

    page = changes_cell(org.get("/organize/audit/").content.decode())

    arrow = ' <span aria-hidden="true">→</span><span class="visually-hidden">becomes</span> '
    assert f"Status:</span> Sentenced{arrow}Released" in page
    assert f"Defender › End reason:</span> —{arrow}Prisoner released" in page
    assert f"Defender › Volunteer:</span> Lotus (#{volunteer.pk})" in page
    assert f"Case event › Kind:</span> —{arrow}Release" in page
    assert f"Thank-you email:</span> —{arrow}queued to be sent" in page
    rows = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    for code in ("prisoner_released", "end_reason", "sentenced", "thanks_email", "{", "2026-01-15"):
        assert code not in rows


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("zh-hans", ["状况", "政治犯已获释", "守护者"]),
        ("zh-hant", ["狀況", "政治犯已獲釋", "守護者"]),
    ],
)
def test_the_words_are_in_the_organizers_language(org, organizer, prisoner, language, words):
    AuditEntry.objects.create(
        actor=organizer,
        action="mark_released",
        target="x",
        before={"status": "sentenced", "defender": {"end_reason": None}},
        after={"status": "released", "defender": {"end_reason": "prisoner_released"}},
    )
    org.cookies["django_language"] = language
    page = changes_cell(org.get("/organize/audit/").content.decode())
    for word in words:
        assert word in page
    assert "prisoner_released" not in page and "Prisoner released" not in page


def test_an_unknown_key_and_odd_values_still_read_as_words():
    entry = AuditEntry(
        action="export",
        before={},
        after={
            "export": "volunteers",
            "emails": True,
            "some_new_key": [3, 4],
            "x": {"a": 1, "deeper": {"b_c": "2026-01-15"}},
            "rows": [{"kind": "a"}, 7],
        },
    )
    lines = {line.label: line.after for line in audit_words.lines(entry)}
    assert lines == {
        "Export": "Volunteers",
        "With email addresses": "yes",
        "Some new key": "#3, #4",
        "X › A": "1",
        "X › Deeper": "B c: Jan. 15, 2026",
        "Rows 1 › Kind": "a",
        "Rows 2 › Value": "7",
    }
    assert all(line.before is None for line in audit_words.lines(entry))  # nothing before
