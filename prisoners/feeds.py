"""Atom feeds of case news: every published case, and one prisoner's.

One address per language, never the reader's cookie or browser (a feed reader sends
neither, and a subscription must keep its language): `/feeds/updates.atom` is English,
`/feeds/zh-hans/updates.atom` and `/feeds/zh-hant/updates.atom` the Chinese scripts; a
prisoner's is `/feeds/[<language>/]prisoners/<slug>.atom`. Each shows the latest
FEED_LENGTH published events, newest recorded first, in one query (two for a prisoner),
whatever the number of events. Recorded, not dated: a feed tells its readers what is new
to them, and an event of 2014 entered today is a new entry (its title carries its date);
ordered by date it would fall below the newest FEED_LENGTH and never be seen. The
timeline by date is the profile's; the emails tell news and late additions apart
(campaigns/outbox/news.py). Anonymous copies are kept by advocacy.pagecache and
retired with the pages, when an event or a prisoner is saved (prisoners/signals.py).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from advocacy.typography import bracketed, mark

from .chinese import HTML_LANG
from .models import CaseEvent, FormerSlug, Prisoner

FEED_LENGTH = 50
# The date in the feeds' tag: URIs (RFC 4151), the year the campaign's domain began to
# name them. It never changes, or every reader would see every entry again.
TAG_DATE = "2026"


class LanguageConverter:
    """The languages other than the default, which has the address without one."""

    regex = "|".join(code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


def feed_url(name: str, language: str | None = None, **kwargs) -> str:
    """The path of feed `name` ("updates", "prisoner") in `language` (the active one)."""
    language = language or get_language() or settings.LANGUAGE_CODE
    if language != settings.LANGUAGE_CODE:
        kwargs["lang"] = language
    return reverse(f"feeds:{name}", kwargs=kwargs)


def tag_uri(specific: str) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"tag:{host},{TAG_DATE}:{specific}"


def updates_title() -> str:
    return _("%(campaign)s: case news") % {"campaign": settings.CAMPAIGN_NAME}


def prisoner_title(prisoner: Prisoner) -> str:
    return _("%(name)s: case news") % {"name": prisoner.primary_name()}


class CaseNewsAtom(Atom1Feed):
    """Atom with each event's text as the entry's plain-text content, its language
    marked when it is not the feed's (a case written only in English, say)."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement(
            "content", item["content"], {"type": "text", "xml:lang": item["content_lang"]}
        )


class LanguageFeed(Feed):
    """A feed in the language its address names (`/feeds/zh-hans/…`)."""

    feed_type = CaseNewsAtom

    def __call__(self, request, *args, lang: str = settings.LANGUAGE_CODE, **kwargs):
        # The feed's language is its address's: every string and text below reads it.
        with translation.override(lang):
            response = super().__call__(request, *args, **kwargs)
        response["Content-Language"] = lang
        return response

    @property
    def language(self) -> str:
        return HTML_LANG[get_language()]


class CaseNewsFeed(LanguageFeed):
    def author_name(self) -> str:
        return str(settings.CAMPAIGN_NAME)

    def events(self):
        return (
            CaseEvent.objects.published()
            .filter(prisoner__is_published=True)
            .select_related("prisoner")
            .order_by("-created_at", "-pk")
        )

    def item_title(self, event: CaseEvent) -> str:
        name = event.prisoner.primary_name()
        what = bracketed(event.when.display())
        return f"{name}{mark('colon')}{event.get_kind_display()}{what}"

    def item_description(self, event: CaseEvent) -> None:
        return None  # the text is the entry's content (CaseNewsAtom), not an HTML summary

    def item_link(self, event: CaseEvent) -> str:
        return f"{settings.SITE_URL}{event.prisoner.get_absolute_url()}#event-{event.pk}"

    def item_guid(self, event: CaseEvent) -> str:
        return tag_uri(f"events/{event.pk}/{get_language()}")

    def item_pubdate(self, event: CaseEvent):
        return event.created_at

    def item_updateddate(self, event: CaseEvent):
        return event.created_at

    def item_extra_kwargs(self, event: CaseEvent) -> dict:
        text = event.text_local
        return {"content": str(text), "content_lang": text.lang or self.language}


class UpdatesFeed(CaseNewsFeed):
    def title(self) -> str:
        return updates_title()

    def subtitle(self) -> str:
        return _("What happened in the cases of the prisoners we defend, newest first.")

    def link(self) -> str:
        return f"{settings.SITE_URL}{reverse('prisoners:list')}"

    def feed_url(self) -> str:
        return f"{settings.SITE_URL}{feed_url('updates')}"

    def feed_guid(self) -> str:
        return tag_uri(f"events/{get_language()}")

    def items(self):
        return self.events()[:FEED_LENGTH]


class PrisonerFeed(CaseNewsFeed):
    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except Http404:
            # A renamed prisoner's former address leads on (301), as their profile's does:
            # a subscription outlives the rename.
            current = (
                FormerSlug.objects.filter(slug=kwargs["slug"], prisoner__is_published=True)
                .values_list("prisoner__slug", flat=True)
                .first()
            )
            if current is None:
                raise
            language = kwargs.get("lang", settings.LANGUAGE_CODE)
            return HttpResponsePermanentRedirect(feed_url("prisoner", language, slug=current))

    def get_object(self, request, slug: str) -> Prisoner:
        # Unpublished prisoners have no feed, for organizers too: a feed is public.
        return get_object_or_404(Prisoner.objects.published(), slug=slug)

    def title(self, prisoner: Prisoner) -> str:
        return prisoner_title(prisoner)

    def link(self, prisoner: Prisoner) -> str:
        return f"{settings.SITE_URL}{prisoner.get_absolute_url()}"

    def feed_url(self, prisoner: Prisoner) -> str:
        return f"{settings.SITE_URL}{feed_url('prisoner', slug=prisoner.slug)}"

    def feed_guid(self, prisoner: Prisoner) -> str:
        # The number, not the address: a renamed prisoner's feed stays the same feed.
        return tag_uri(f"prisoners/{prisoner.pk}/events/{get_language()}")

    def items(self, prisoner: Prisoner):
        return self.events().filter(prisoner=prisoner)[:FEED_LENGTH]
