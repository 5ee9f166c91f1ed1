"""allauth's account emails speak in the campaign's words (issue 12, point 7).

allauth ships its own email texts ("You are receiving this email because…", "Hello from
example.com!"); the project overrides every one of them in templates/account/email/
and templates/mfa/email/, in English, Simplified and Traditional Chinese. The emails
checked here are the ones the real flows send (tests/email_catalogue.py: sign-up,
reset, password change, address change, second factor, through the test client and
the account-mail path), in each language.
"""

import re
from pathlib import Path

import allauth
import pytest
from django.conf import settings
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation

from tests.email_catalogue import ACCOUNT_EMAILS, LANGUAGES, NOT_SENT, USER_AGENT, html_of

ALLAUTH_TEMPLATES = Path(allauth.__file__).parent / "templates"
OUR_TEMPLATES = Path(settings.BASE_DIR) / "templates"

# Each email's subject, and a phrase of its body, in en / zh-hans / zh-hant.
OUR_WORDS = {
    "account/email_confirmation_signup": (
        ("Confirm your email address for", "确认你在", "確認你在"),
        ("choose a prisoner to defend", "选择一位政治犯来守护", "選擇一位政治犯來守護"),
    ),
    "account/account_already_exists": (
        ("You already have an account", "你已经有账户了", "你已經有帳戶了"),
        ("so no second one was made", "所以没有再创建新账户", "所以沒有再建立新帳戶"),
    ),
    "account/password_reset_key": (
        ("Choose a new password", "设置新密码", "設定新密碼"),
        ("The link works once.", "这个链接只能使用一次。", "這個連結只能使用一次。"),
    ),
    "account/unknown_account": (
        ("No account with this address", "这个地址没有账户", "這個地址沒有帳戶"),
        ("you can create an account here:", "可以在这里创建账户：", "可以在這裡建立帳戶："),
    ),
    "account/password_reset": (
        ("Your password was reset", "你的密码已重设", "你的密碼已重設"),
        ("Your password has just been reset.", "你的密码刚刚被重设了。", "你的密碼剛剛被重設了。"),
    ),
    "account/password_changed": (
        ("Your password was changed", "你的密码已更改", "你的密碼已變更"),
        (
            "Your password has just been changed.",
            "你的密码刚刚被更改了。",
            "你的密碼剛剛被變更了。",
        ),
    ),
    "account/password_set": (
        ("Your account has a password", "你的账户已设置密码", "你的帳戶已設定密碼"),
        ("A password has just been set", "你的账户刚刚设置了密码。", "你的帳戶剛剛設定了密碼。"),
    ),
    "account/email_confirmation": (
        ("Confirm your email address for", "确认你在", "確認你在"),
        ("Until it is confirmed, nothing changes", "在确认之前，一切不变", "在確認之前，一切不變"),
    ),
    "account/email_deleted": (
        (
            "An address was removed from your account",
            "你的账户移除了一个地址",
            "你的帳戶移除了一個地址",
        ),
        (
            "has just been removed from your account.",
            "”刚刚从你的账户中移除。",
            "」剛剛從你的帳戶中移除。",
        ),
    ),
    "account/email_changed": (
        ("Your email address was changed", "你的电子邮件地址已更改", "你的電子郵件地址已變更"),
        (
            "The campaign now writes to the new one.",
            "今后我们会发信到新的地址。",
            "今後我們會寄信到新的地址。",
        ),
    ),
    "account/mfa/totp_activated": (
        ("Two-step sign-in is on", "双重验证已开启", "雙重驗證已開啟"),
        (
            "An authenticator app now protects your account",
            "身份验证器应用保护",
            "驗證器應用程式保護",
        ),
    ),
    "account/mfa/recovery_codes_generated": (
        ("New recovery codes", "新的恢复码", "新的復原碼"),
        (
            "keep the new ones somewhere safe",
            "请把新的恢复码保存在安全的地方",
            "請把新的復原碼保存在安全的地方",
        ),
    ),
    "account/mfa/totp_deactivated": (
        ("Two-step sign-in is off", "双重验证已关闭", "雙重驗證已關閉"),
        (
            "no longer asks for a code",
            "不再需要输入身份验证器应用的验证码",
            "不再需要輸入驗證器應用程式的驗證碼",
        ),
    ),
}
# The closing line every account email shares (templates/account/email/base_message.txt).
SIGN_OFF = ("With thanks from", "衷心感谢你", "衷心感謝你")
# What the notices add: where the change came from.
NOTICE = ("If this was you, there is nothing more to do.", "时间：", "時間：")
NOTICES = {
    name
    for name in ACCOUNT_EMAILS
    if not name.endswith(("confirmation_signup", "already_exists", "reset_key", "unknown_account"))
    and name != "account/email_confirmation"
}
# allauth's own words, in English and in its Chinese catalogues.
ALLAUTH_WORDS = (
    "You are receiving",
    "You're receiving",
    "Hello from",
    "Thank you for using",
    "example.com",
    "IP address",
    "您",
)
# Characters one script writes and the other does not, by the script they are wrong in.
WRONG_SCRIPT = {
    "zh-hans": "們這個說時帳網頁設請確認碼鑰過後關還開經記錄護",
    "zh-hant": "们这个说时账网页设请确认码钥过后关还开经记录护",
}
# In a Chinese email only these may be in Latin letters: links, addresses, the
# browser's own name for itself, its internet address and the time zone's name.
NOT_WORDS = re.compile(
    r"https?://\S+|[A-Za-z0-9._+-]+@[A-Za-z0-9.-]+|"
    + re.escape(USER_AGENT)
    + r"|\d+\.\d+\.\d+\.\d+|Asia/\w+|UTC"
)


def _emails(email_catalogue, language: str):
    return [(name, email_catalogue[f"{language}/{name}"]) for name in ACCOUNT_EMAILS]


@pytest.mark.parametrize("index", range(len(LANGUAGES)), ids=LANGUAGES)
def test_every_account_email_is_ours(email_catalogue, index):
    for name, message in _emails(email_catalogue, LANGUAGES[index]):
        subject, phrase = (words[index] for words in OUR_WORDS[name])
        assert subject in message.subject, (name, message.subject)
        assert phrase in message.body and SIGN_OFF[index] in message.body, (name, message.body)
        assert phrase in html_of(message), name
        if name in NOTICES:
            assert NOTICE[index] in message.body, name
        for words in ALLAUTH_WORDS:
            assert words not in message.subject + message.body, (name, words)


@pytest.mark.parametrize("language", ["zh-hans", "zh-hant"])
def test_chinese_account_emails_have_no_english_left(email_catalogue, language):
    for name, message in _emails(email_catalogue, language):
        text = NOT_WORDS.sub("", f"{message.subject}\n{message.body}")
        assert re.findall(r"[A-Za-z]{2,}", text) == [], (name, text)


@pytest.mark.parametrize("language", ["zh-hans", "zh-hant"])
def test_chinese_account_emails_are_in_their_own_script(email_catalogue, language):
    for name, message in _emails(email_catalogue, language):
        text = f"{message.subject}\n{message.body}"
        wrong = [character for character in WRONG_SCRIPT[language] if character in text]
        assert wrong == [], (name, wrong)


def _allauth_email_templates() -> list[str]:
    return sorted(
        str(path.relative_to(ALLAUTH_TEMPLATES))
        for app in ("account", "mfa")
        for path in (ALLAUTH_TEMPLATES / app / "email").glob("*.txt")
    )


@pytest.mark.parametrize("template", _allauth_email_templates())
def test_every_allauth_email_template_is_overridden(template):
    # Even those our settings never send (login and reset by code, security keys): a
    # change of settings must not bring allauth's words back.
    origin = Path(get_template(template).origin.name)
    assert origin.is_relative_to(OUR_TEMPLATES), origin


@pytest.mark.parametrize("index", range(len(LANGUAGES)), ids=LANGUAGES)
@pytest.mark.parametrize("prefix", sorted(NOT_SENT))
def test_the_emails_our_settings_never_send_are_ours_too(prefix, index):
    context = {
        "campaign_name": settings.CAMPAIGN_NAME,
        "site_url": settings.SITE_URL,
        "code": "Q7K-2MX",
        "timestamp": timezone.now(),
        "ip": "203.0.113.9",
        "user_agent": USER_AGENT,
    }
    with translation.override(LANGUAGES[index]):
        subject = render_to_string(f"{prefix}_subject.txt", context).strip()
        body = render_to_string(f"{prefix}_message.txt", context)
    assert subject and SIGN_OFF[index] in body, body
    assert not any(words in subject + body for words in ALLAUTH_WORDS), body
    if prefix.endswith("_code"):
        assert "Q7K-2MX" in body
