"""The organizers' tabs are drawn once per language and open tab, then kept
(campaigns/templatetags/organize_nav.py): each page still marks its own tab, and only
its own, in the reader's language."""

import re

import pytest

TABS = ["/organize/", "/organize/posts/", "/organize/import/", "/organize/audit/"]


def _nav(page: str) -> str:
    return page.split('<nav aria-label="Organizers"')[1].split("</nav>")[0]


@pytest.mark.parametrize("order", [TABS, TABS[::-1]])
def test_each_tab_page_marks_its_own_tab(org, order):
    for path in [*order, "/organize/uncovered/", *order]:
        response = org.get(path)
        assert response.status_code == 200, path
        current = re.findall(r'aria-current="page" href="([^"]+)"', _nav(response.content.decode()))
        assert current == ([path] if path in TABS else []), path


def test_the_tabs_in_the_readers_language(org):
    assert ">Dashboard</a>" in org.get("/organize/").content.decode()
    org.cookies["django_language"] = "zh-hans"
    page = org.get("/organize/").content.decode()
    nav = page.split('<nav aria-label="组织者"')[1].split("</nav>")[0]
    assert ">仪表板</a>" in nav and ">审计日志</a>" in nav and ">Dashboard</a>" not in page
