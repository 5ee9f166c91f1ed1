"""The email catalogue's weekly emails carry taken-down posts, one of each kind, so that
the checks that read every email (phone layout, the Nu Html Checker, axe-core, Chinese
throughout) read that section too."""

import pytest

from tests.email_catalogue import html_of

SAID = {
    "en": ("Removed from X (Twitter) between", "seems suspended", "This link does not open"),
    "zh-hans": ("之间从X (Twitter)上被删除", "似乎已被封禁", "这个链接打不开"),
    "zh-hant": ("之間從X (Twitter)上被刪除", "似乎已被停權", "這個連結打不開"),
}


@pytest.mark.parametrize("language", sorted(SAID))
@pytest.mark.parametrize("kind", ["reminder", "nudge"])
def test_the_weekly_emails_say_every_kind_of_removal(email_catalogue, language, kind):
    message = email_catalogue[f"{language}/{kind}"]
    for said in SAID[language]:
        assert said in message.body
        assert said in html_of(message)
