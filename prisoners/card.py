"""The card a profile link shows when it is posted (Open Graph, `twitter:card`), and the
picture a volunteer can attach to a post: the prisoner's name in both scripts, their
photo or a placeholder, their days in detention, the campaign's name.

It is drawn here with Pillow in Noto Sans CJK (Debian's fonts-noto-cjk, `CARD_FONT`), so
that Chinese names look the same whatever the reader's phone has installed, and no
third-party service sees who is looked at. Each card is drawn once per prisoner, day
and language, and kept in the cache (`card_png`).
"""

import collections
import dataclasses
import datetime
import functools
import hashlib
import io
import logging
import threading
from typing import NamedTuple
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext, gettext_lazy, ngettext
from PIL import Image, ImageDraw, ImageFont, ImageOps

from advocacy.pagecache import generation
from advocacy.typography import mark

from . import chinese
from .models import Prisoner

logger = logging.getLogger(__name__)

SIZE = WIDTH, HEIGHT = 1200, 675  # X's summary_large_image shape, 16:9
PHOTO_WIDTH = 450
MARGIN = 60
TEXT_LEFT = PHOTO_WIDTH + MARGIN
TEXT_WIDTH = WIDTH - TEXT_LEFT - MARGIN
CAMPAIGN = (139, 30, 36)  # --campaign in static/css/site.css
SOFT = (246, 222, 220)
WHITE = (255, 255, 255)
# The faces in Noto's font collections: Simplified Chinese glyph shapes, and Traditional
# ones (Taiwan's forms) for Traditional readers. The Japanese face (0) would draw some
# characters the way Japanese writes them.
FACE_SC, FACE_TC = 2, 3
# A card stays in the cache a little over a day: it is keyed by the day, and tomorrow's
# key is a new one.
CACHE_SECONDS = 25 * 3600
# How long a card is found by its address; the card itself stays CACHE_SECONDS, so a
# change elsewhere (a new generation) costs a query, not a drawing.
ADDRESS_SECONDS = 3600
# The cards this process served last, kept in its memory too: a post that spreads on
# Mastodon has every instance fetch its card within seconds. The generation in their
# address retires them with the cache's copy (within the second it is remembered).
RECENT_CARDS = 16
_recent: collections.OrderedDict[str, "Served"] = collections.OrderedDict()
_recent_lock = threading.Lock()
OG_LOCALES = {"en": "en_US", "zh-hans": "zh_CN", "zh-hant": "zh_TW"}
# The site's description (base.html), for a profile without a summary.
DESCRIPTION = gettext_lazy(
    "Defend one political prisoner in China: post about them at least once a week and "
    "follow their case until they are free."
)


@dataclasses.dataclass(frozen=True)
class CardText:
    """What a card says, in the reader's language."""

    primary: str
    secondary: str
    figure: str  # the days in detention, or "" for a closed case
    caption: str  # "days in detention", or the case's status
    campaign: str
    footer: str  # the hashtag, or the site's address
    language: str
    photo: str | None = None  # a path on disk


class Served(NamedTuple):
    etag: str
    last_modified: float  # a timestamp
    png: bytes


def served_card(slug: str, language: str) -> Served | None:
    """The card of a published prisoner, or None. Served from the cache without a query:
    the entry is found by the address and the public pages' generation, which every
    change to a prisoner moves on (advocacy/pagecache.py), so an unpublished or renamed
    prisoner's card is not served from it."""
    address = f"prisoners:card-at:{generation()}:{timezone.localdate()}:{language}:{slug}"
    if served := _recent.get(address):
        return served
    served = cache.get(address)
    if served is None:
        found = Prisoner.objects.published().filter(slug=slug).values_list("pk", "updated_at")
        if not (found := found.first()):
            return None
        modified = last_modified(found[1]).timestamp()
        served = Served(etag(*found, language), modified, card_png(*found, language))
        cache.set(address, served, ADDRESS_SECONDS)
    served = Served(*served)
    with _recent_lock:  # a web process may serve on several threads
        _recent[address] = served
        while len(_recent) > RECENT_CARDS:
            _recent.popitem(last=False)
    return served


def card_png(pk: int, updated_at: datetime.datetime, language: str) -> bytes:
    """The card as a PNG, drawn at most once a day per prisoner and language, and again
    when the prisoner is saved (`updated_at` is in the key); a cached card costs no query."""
    key = cache_key(pk, updated_at, language)
    png = cache.get(key)
    if png is None:
        with translation.override(language):
            png = render(card_text(Prisoner.objects.get(pk=pk), language))
        cache.set(key, png, CACHE_SECONDS)
    return png


def cache_key(pk: int, updated_at: datetime.datetime, language: str) -> str:
    """A card changes when the prisoner is saved and when the day's count does."""
    return f"prisoners:card:{pk}:{updated_at.timestamp()}:{timezone.localdate()}:{language}"


def etag(pk: int, updated_at: datetime.datetime, language: str) -> str:
    digest = hashlib.sha256(cache_key(pk, updated_at, language).encode()).hexdigest()
    return f'"{digest[:32]}"'


def last_modified(updated_at: datetime.datetime) -> datetime.datetime:
    """The prisoner's last change, or the day's start (when the count moved on)."""
    today = datetime.datetime.combine(timezone.localdate(), datetime.time())
    return max(updated_at, timezone.make_aware(today))


def seconds_left_today() -> int:
    now = timezone.localtime()
    tomorrow = datetime.datetime.combine(now.date() + datetime.timedelta(days=1), datetime.time())
    return max(int((timezone.make_aware(tomorrow) - now).total_seconds()), 1)


def card_text(prisoner, language: str) -> CardText:
    days = prisoner.days_detained()
    if days is not None:
        figure = chinese.number(days, language)
        if prisoner.days_detained_is_minimum:
            figure = f"{gettext('at least')} {figure}"
        caption = ngettext("day in detention", "days in detention", days)
    else:
        figure, caption = "", str(prisoner.get_status_display())
    return CardText(
        primary=str(prisoner.primary_name(language)),
        secondary=str(prisoner.secondary_name(language)),
        figure=figure,
        caption=caption,
        campaign=str(settings.CAMPAIGN_NAME),
        footer=f"#{prisoner.hashtag}" if prisoner.hashtag else urlsplit(settings.SITE_URL).netloc,
        language=language,
        photo=prisoner.photo.path if prisoner.photo else None,
    )


def card_meta(prisoner, language: str) -> dict:
    """What a profile's Open Graph and `twitter:card` tags say, with absolute URLs."""
    text = card_text(prisoner, language)
    image = reverse("prisoners:card", kwargs={"slug": prisoner.slug})
    summary = prisoner.summary_local
    held = f"{text.figure} {text.caption}" if text.figure else text.caption
    return {
        "title": " · ".join(filter(None, [text.primary, text.secondary])),
        "description": Truncator(summary).chars(200) if summary else DESCRIPTION,
        "url": settings.SITE_URL + prisoner.get_absolute_url(),
        "image": f"{settings.SITE_URL}{image}?lang={language}",
        "image_alt": f"{text.primary}{mark('colon', language)}{held}",
        "locale": OG_LOCALES.get(language, "en_US"),
        "width": WIDTH,
        "height": HEIGHT,
    }


def render(text: CardText) -> bytes:
    card = Image.new("RGB", SIZE, CAMPAIGN)
    card.paste(_portrait(text.photo), (0, 0))
    draw = ImageDraw.Draw(card)
    face = FACE_TC if chinese.is_traditional(text.language) else FACE_SC
    draw.text(
        (TEXT_LEFT, MARGIN + 30), text.campaign, font=_font(False, 30, face), fill=SOFT, anchor="ls"
    )
    figure_top = _bottom(draw, text, face)
    _names(draw, text, face, top=MARGIN + 60, bottom=figure_top - 30)
    buffer = io.BytesIO()
    card.save(buffer, format="PNG")
    return buffer.getvalue()


def _bottom(draw: ImageDraw.ImageDraw, text: CardText, face: int) -> int:
    """The days (or the status), then a rule and the hashtag or the site, from the
    bottom up; the top of what was drawn."""
    footer_y = HEIGHT - MARGIN
    draw.line((TEXT_LEFT, footer_y - 56, WIDTH - MARGIN, footer_y - 56), fill=SOFT, width=2)
    draw.text(
        (TEXT_LEFT, footer_y), text.footer, font=_font(True, 30, face), fill=WHITE, anchor="ls"
    )
    caption_y = footer_y - 96
    caption_font = _fitting(
        draw, text.caption, not text.figure, face, 40 if text.figure else 56, 28
    )
    draw.text((TEXT_LEFT, caption_y), text.caption, font=caption_font, fill=SOFT, anchor="ls")
    if not text.figure:
        return caption_y - caption_font.size
    font = _fitting(draw, text.figure, True, face, 100, 60)
    figure_y = caption_y - caption_font.size - 16
    draw.text((TEXT_LEFT, figure_y), text.figure, font=font, fill=WHITE, anchor="ls")
    return figure_y - int(font.size * 0.8)


def _names(draw, text: CardText, face: int, *, top: int, bottom: int) -> None:
    """The primary name as large as fits on one line (from 110 px down, then wrapped in
    two), the secondary one under it, the two together between `top` and `bottom`."""
    for size in range(110, 51, -6):
        primary = _font(True, size, face)
        secondary = _font(False, max(30, int(size * 0.46)), face)
        lines = [(line, primary, WHITE) for line in _wrapped(draw, text.primary, primary)]
        if text.secondary:
            lines += [(line, secondary, SOFT) for line in _wrapped(draw, text.secondary, secondary)]
        height = sum(int(font.size * 1.22) for _, font, _ in lines)
        if height <= bottom - top and (len(lines) == 1 + bool(text.secondary) or size <= 58):
            break
    y = top
    for line, font, fill in lines:
        y += int(font.size * 1.22)
        draw.text((TEXT_LEFT, y - int(font.size * 0.22)), line, font=font, fill=fill, anchor="ls")


def _wrapped(draw, text: str, font) -> list[str]:
    """Lines that fit TEXT_WIDTH: broken at spaces, or anywhere in a Chinese name, at
    most two; a line that still does not fit ends with an ellipsis."""
    if _fits(draw, text, font):
        return [text]
    words, joiner = (text.split(" "), " ") if " " in text else (list(text), "")
    n = max(
        (n for n in range(1, len(words)) if _fits(draw, joiner.join(words[:n]), font)),
        default=0,
    )
    if n == 0:
        return [_shortened(draw, text, font)]
    return [joiner.join(words[:n]), _shortened(draw, joiner.join(words[n:]), font)]


def _fits(draw, text: str, font) -> bool:
    return draw.textlength(text, font=font) <= TEXT_WIDTH


def _shortened(draw, text: str, font) -> str:
    while len(text) > 1 and not _fits(draw, text, font):
        text = text[:-2] + "…"
    return text


def _fitting(draw, text: str, bold: bool, face: int, largest: int, smallest: int):
    """The largest font size (in steps of 4) at which `text` fits on one line, or the
    smallest, which then wraps."""
    for size in range(largest, smallest, -4):
        font = _font(bold, size, face)
        if draw.textlength(text, font=font) <= TEXT_WIDTH:
            return font
    return _font(bold, smallest, face)


@functools.lru_cache(maxsize=64)
def _font(bold: bool, size: int, face: int) -> ImageFont.FreeTypeFont:
    path = settings.CARD_FONT_BOLD if bold else settings.CARD_FONT
    for index in (face, 0):  # a font file with one face (a .ttf, an .otf) has only 0
        try:
            return ImageFont.truetype(path, size, index=index)
        except OSError:
            continue
    logger.warning(
        "The card font %s cannot be read: Chinese names show as boxes. "
        "Install Debian's fonts-noto-cjk, or set CARD_FONT and CARD_FONT_BOLD.",
        path,
    )
    return ImageFont.load_default(size)


def _portrait(path: str | None) -> Image.Image:
    """The photo, cropped to fill the card's left side (faces sit in the upper part), or
    the placeholder when there is none or it cannot be read."""
    if path:
        try:
            with Image.open(path) as photo:
                return ImageOps.fit(
                    photo.convert("RGB"), (PHOTO_WIDTH, HEIGHT), centering=(0.5, 0.3)
                )
        except (OSError, Image.DecompressionBombError):
            logger.warning("The photo %s cannot be read: the card shows the placeholder", path)
    return _placeholder()


@functools.cache
def _placeholder() -> Image.Image:
    """static/img/no-photo.svg, drawn for the card: a silhouette behind bars."""
    image = Image.new("RGB", (PHOTO_WIDTH, HEIGHT), (233, 228, 227))
    draw = ImageDraw.Draw(image)
    figure = (185, 174, 172)
    centre = PHOTO_WIDTH // 2
    draw.ellipse((centre - 95, 190, centre + 95, 380), fill=figure)
    draw.chord((centre - 175, 420, centre + 175, 860), 180, 360, fill=figure)
    draw.rectangle((centre - 175, 640, centre + 175, HEIGHT), fill=figure)
    bars = Image.new("RGB", image.size, CAMPAIGN)
    mask = Image.new("L", image.size, 0)
    for x in (PHOTO_WIDTH // 4, PHOTO_WIDTH // 2, 3 * PHOTO_WIDTH // 4):
        ImageDraw.Draw(mask).rectangle((x - 6, 0, x + 6, HEIGHT), fill=140)
    image.paste(bars, (0, 0), mask)
    return image
