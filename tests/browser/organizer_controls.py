"""The organizers' controls as the browser tests find them (issue 15)."""

from django.utils import translation

from prisoners.models import Prisoner

# The controls' names, as each language shows them.
CONTROLS = {
    "en": {
        "panel": "Organizer",
        "assign": "Assign",
        "reassign": "Reassign",
        "end": "End adoption",
        "event": "Add an event",
        "released": "Mark released",
        "died": "Mark deceased",
        "edit": "Edit",
        "cancel": "Cancel",
    },
    "zh-hans": {
        "panel": "组织者",
        "assign": "指定守护者",
        "reassign": "更换守护者",
        "end": "结束守护关系",
        "event": "添加案件动态",
        "released": "标记为已获释",
        "died": "标记为已去世",
        "edit": "编辑",
        "cancel": "取消",
    },
}


def name_in(prisoner: Prisoner, language: str) -> str:
    with translation.override(language):
        return str(prisoner.primary_name())


def submit(page) -> None:
    page.locator(".narrow-page form[method=post] button[type=submit]").click()


def choose_volunteer(page, pseudonym: str) -> None:
    """On the reassign page: find the volunteer by pseudonym and pick the first found."""
    page.locator("form[role=search] [name=q]").fill(pseudonym)
    page.locator("form[role=search] button[type=submit]").click()
    page.get_by_role("radio").first.check()
