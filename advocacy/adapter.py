"""How django-allauth talks to volunteers: links from SITE_URL, mail in their language.

Links in emails are built from SITE_URL, never from the request's Host header, so a
spoofed Host cannot plant a foreign link in a password-reset email. Every message has a
plain-text body and an HTML alternative. Every message goes out through the broker
(advocacy/account_mail.py): no request waits for the mail server.
"""

import time
from urllib.parse import quote, urlencode, urlsplit

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.account.utils import get_next_redirect_url
from allauth.core import context as allauth_context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.internal.ratelimit import get_ip
from allauth.core.ratelimit import respond_429
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ValidationError
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from . import account_mail
from .access import is_organizer
from .account_links import reset_key
from .email_html import buttons_for, text_as_html


def site_url(path: str) -> str:
    return settings.SITE_URL + path


def _our_links(context: dict) -> list[str]:
    """The links to this site that an email's context holds (confirm, reset, sign up)."""
    own = [value for value in context.values() if isinstance(value, str)]
    return [settings.SITE_URL] + [url for url in own if url.startswith(site_url("/"))]


def _path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _password_typed_recently(request) -> bool:
    if request is None or not request.user.is_authenticated:
        return False
    records = get_authentication_records(request, request.user)
    typed = [record["at"] for record in records if record.get("method") == "password"]
    return bool(typed) and time.time() - typed[-1] < account_settings.REAUTHENTICATION_TIMEOUT


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        """Organizers land on their dashboard (or its second-factor setup); volunteers on
        /me/. A `next` in the sign-in link still wins (allauth checks it first)."""
        if is_organizer(request.user):
            return reverse("organize:dashboard")
        return super().get_login_redirect_url(request)

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """The second-factor pages count the password typed at sign-in, in this session
        and within ACCOUNT_REAUTHENTICATION_TIMEOUT, like one typed again: an organizer
        sent from the sign-in to set up an authenticator app is not asked for it twice,
        nor again for the recovery codes that follow. Other sensitive steps (exports, a
        new email address) still want it typed again."""
        if app == "allauth.mfa" and _password_typed_recently(allauth_context.request):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def _get_login_attempts_cache_key(self, request, **credentials):
        """Failed sign-ins count per account AND client address (allauth counts them per
        account alone): five wrong passwords from one address lock that address out of
        that account, never its owner elsewhere. allauth also clears this key after a
        password reset. (A private hook: the sign-in limit tests notice if it moves.)"""
        key = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{key}:{get_ip(request)}"

    def pre_authenticate(self, request, **credentials):
        """Too many failed sign-ins get the campaign's 429 page, like every other limit,
        not a form error."""
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:  # allauth's only refusal here: too many attempts
            raise ImmediateHttpResponse(respond_429(request)) from None

    def get_email_confirmation_url(self, request, emailconfirmation):
        """The link carries the page the volunteer signed up from (a prisoner's, mostly):
        confirmed in another browser, without the sign-up's session, it still leads
        back there."""
        url = site_url(reverse("account_confirm_email", args=[emailconfirmation.key]))
        back = get_next_redirect_url(request) if request is not None else None
        if back and back.startswith("/") and not back.startswith("//"):
            url += "?" + urlencode({"next": back})
        return url

    def get_reset_password_from_key_url(self, key):
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return site_url(path.replace("UID-KEY", quote(key)))

    def send_password_reset_mail(self, user, email, context):
        """The link names the user by link id, not by primary key (account_links.py)."""
        key = reset_key(user, context["key"])
        context = {
            **context,
            "uid": user.link_id.hex,
            "password_reset_url": self.get_reset_password_from_key_url(key),
        }
        super().send_password_reset_mail(user, email, context)

    def send_mail(self, template_prefix, email, context):
        """Render now, in the recipient's language; send from a worker after the commit."""
        request = allauth_context.request
        context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            "campaign_name": settings.CAMPAIGN_NAME,
            "site_url": settings.SITE_URL,
            "recipient": self._user_for(email, context),
            **context,
        }
        # allauth builds some links from the request's Host; ours come from SITE_URL.
        for key in ("signup_url", "password_reset_url"):
            if context.get(key):
                context[key] = site_url(_path_of(context[key]))
        # A known volunteer reads their mail in the language they chose; someone
        # signing up reads it in the language of the page they signed up on.
        recipient = context["recipient"]
        language = getattr(recipient, "language", None) or translation.get_language()
        with translation.override(language):
            message = self.render_mail(template_prefix, email, context)
        account_mail.send_later(message)

    def render_mail(self, template_prefix, email, context, headers=None):
        message = super().render_mail(template_prefix, email, context, headers=headers)
        if not getattr(message, "alternatives", None) and message.content_subtype == "plain":
            message.attach_alternative(
                self._html_body(template_prefix, message, context), "text/html"
            )
        return message

    def _html_body(self, template_prefix, message, context):
        # allauth ships plain-text templates; an `_message.html` of our own wins, else
        # the text is laid out in the campaign's HTML frame: escaped, the links to this
        # site that the context holds clickable and nothing else (email_html.py).
        try:
            return render_to_string(f"{template_prefix}_message.html", context)
        except TemplateDoesNotExist:
            body = text_as_html(message.body, _our_links(context), buttons_for(context))
            return render_to_string(
                "emails/account_message.html",
                {**context, "subject": message.subject, "body": body},
            )

    @staticmethod
    def _user_for(email, context):
        if user := context.get("user"):
            return user
        from django.contrib.auth import get_user_model

        return get_user_model().objects.filter(email__iexact=email).first()
