"""allauth's plain-text emails as the HTML part of the campaign's emails.

allauth writes its account emails (confirm your address, reset your password, the
notices) as plain text; the adapter lays each one out in the campaign's HTML frame
(`templates/emails/account_message.html`) through `text_as_html`.

Only this site's own links become links: a display name, an address, a browser's user
agent or any other text that someone else chose stays text, whatever it looks like
(issue 11, point 2). The link a reader came for (confirm, reset, sign up) becomes a
button, with the full address below it in small print that may break anywhere, so that
no email is wider than a phone.
"""

import re

from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

# The context entries of allauth's emails that are the action the email is for.
BUTTONS = {
    "activate_url": _("Confirm my address"),
    "password_reset_url": _("Choose a new password"),
    "signup_url": _("Create an account"),
}
# A link that shows its address may break anywhere (word-break for mail programs that
# ignore the frame's overflow-wrap).
LINK_STYLE = "color:#8f1d2c;word-break:break-all;"
BUTTON_STYLE = (
    "display:inline-block;background:#8f1d2c;color:#ffffff;text-decoration:none;"
    "padding:10px 18px;border-radius:4px;font-weight:bold;"
)
SMALL_PRINT_STYLE = "margin:0 0 16px;font-size:13px;color:#5c636a;"


def _link(url: str) -> str:
    return f'<a href="{url}" style="{LINK_STYLE}">{url}</a>'


def _button(url: str, label: str) -> str:
    """The action as a button, then its address in small print (both `url`, escaped)."""
    return (
        f'<p style="margin:20px 0 8px;"><a href="{url}" style="{BUTTON_STYLE}">'
        f"{escape(label)}</a></p>\n\n"
        f'<p style="{SMALL_PRINT_STYLE}"><a href="{url}" style="color:#5c636a;'
        f'word-break:break-all;">{url}</a></p>'
    )


def _paragraph(paragraph: str, links: re.Pattern | None, buttons: dict[str, str]) -> str:
    if paragraph.strip() in buttons:
        return _button(paragraph.strip(), buttons[paragraph.strip()])
    html = linebreaks(paragraph, autoescape=False)
    return links.sub(lambda found: _link(found[0]), html) if links else html


def text_as_html(text: str, links, buttons: dict[str, str] | None = None) -> SafeString:
    """`text` as HTML paragraphs, escaped, with only the addresses in `links` clickable;
    a paragraph that is just one of `buttons` (address -> label) becomes that button."""
    targets = sorted({escape(link) for link in links if link}, key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, targets))) if targets else None
    escaped_buttons = {escape(url): label for url, label in (buttons or {}).items()}
    paragraphs = re.split(r"\n{2,}", escape(text.replace("\r\n", "\n").strip()))
    html = "\n\n".join(_paragraph(p, pattern, escaped_buttons) for p in paragraphs)
    return mark_safe(html)  # noqa: S308 (every piece was escaped above)


def buttons_for(context: dict) -> dict[str, str]:
    """The actions an allauth email's context holds: address -> button label."""
    return {context[key]: str(label) for key, label in BUTTONS.items() if context.get(key)}
