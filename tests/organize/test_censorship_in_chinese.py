"""The censorship watch reads as Chinese to an organizer who reads Chinese: no English
left, Chinese punctuation, Traditional in Traditional characters (the checks of
tests/test_chinese_throughout.py)."""

import datetime

import pytest
from django.utils import timezone

from tests.test_chinese_throughout import faults, own_words, proper_names, read_html

from .censorship_rows import bump, gone_post, report

PAGES = ["/organize/", "/organize/removals/", "/organize/suspended/", "/organize/suspended/posts/"]


@pytest.fixture
def watched(volunteer, prisoner):
    now = timezone.now()
    bump(now.date(), "weibo", prisoner, removed=2, suspended=1)
    gone_post(volunteer, prisoner, gone_at=now, live_at=now - datetime.timedelta(days=3))
    gone_post(None, prisoner, gone_at=now)
    gone_post(volunteer, prisoner, gone_at=now, status="account_suspended")
    report(volunteer, prisoner, at=now)


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("zh-hans", ["审查", "被删除的帖子", "被封的账号"]),
        ("zh-hant", ["審查", "被刪除的貼文", "被停權的帳號"]),
    ],
)
def test_the_watch_reads_as_chinese(org, watched, language, words):
    org.cookies["django_language"] = language
    found, seen = [], ""
    for path in PAGES:
        html = org.get(path).content.decode()
        if path == "/organize/":  # the watch's section only: the rest is not its business
            start = html.index('<section aria-labelledby="censorship-heading"')
            html = "<main>" + html[start:].split("</section>")[0] + "</main>"
        seen += html
        lines = read_html(html, language)
        found += [
            f"{path}: {fault}" for fault in faults(lines, language, proper_names(), own_words())
        ]
    assert found == []
    assert all(word in seen for word in words)
