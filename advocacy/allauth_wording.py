"""allauth's own words that the project translates itself.

allauth's Chinese catalogues mix "Email" in Latin letters into Chinese sentences
("Email地址", "更改Email") and spell the same thing three ways; Chinese is a
first-class language here. Translations in the project's locale/ take precedence over
an app's, so the strings volunteers meet on the account pages are listed here, where
`makemessages` finds them, and translated in locale/zh_Hans and locale/zh_Hant with the
site's own terms. Nothing imports this module; gettext_noop only marks the strings.
"""

from django.utils.translation import gettext_noop

ACCOUNT_PAGES = [
    gettext_noop("Email Addresses"),
    gettext_noop("Email Address"),
    gettext_noop("The following email addresses are associated with your account:"),
    gettext_noop("Primary"),
    gettext_noop("Re-send Verification"),
    gettext_noop("Add Email Address"),
    gettext_noop("Add Email"),
    gettext_noop("Do you really want to remove the selected email address?"),
    gettext_noop("Current email"),
    gettext_noop("Change Email"),
    gettext_noop("Confirm Email Address"),
    gettext_noop("Verify Your Email Address"),
    gettext_noop("Please Confirm Your Email Address"),
    gettext_noop("Email Confirmation"),
    gettext_noop("Your email has been confirmed."),
    gettext_noop("You have confirmed %(email)s."),
    gettext_noop("Removed email address %(email)s."),
    gettext_noop("Primary email address set."),
    gettext_noop("You cannot remove your primary email address (%(email)s)."),
    gettext_noop("Email Changed"),
    gettext_noop("Email Removed"),
    gettext_noop("Bad Token"),
    gettext_noop("Authenticator secret"),
    gettext_noop("Authenticator code"),
    # Django's own, shown under the address fields ("输入一个有效的 Email 地址。").
    gettext_noop("Enter a valid email address."),
]
