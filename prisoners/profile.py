"""A prisoner's profile drawn once per language, version and day, then kept (issue 17).

Most of a profile shows only the prisoner's own record: names, facts, timeline, sources,
the days in detention, whether someone defends them. That part is drawn without the
request (no user, no CSRF token, no form) and kept like the cards
(prisoners/fragments.py: this process's memory, then the cache). The reader's own parts,
drawn on every request, go between the kept ones where `part_break` marks them: the
organizer's controls, and the Defend / Support buttons with their CSRF tokens.

The key holds everything the kept parts show that can change, read with the page's one
query for the prisoner:

- the prisoner's `updated_at` (every save moves it on);
- `content_version`: a digest of the prisoner's case events and sources, computed by
  PostgreSQL from the rows themselves, so that any change to them (an organizer's form,
  the importer's bulk writes, the admin) shows at once;
- every value the coverage annotated (who defends them since when, whether the defender
  is credited and by what name, how many supporters);
- the language, the reader's time zone and today's date there (the days counted);
- `fragments.code_version()`: the templates, translations and code that draw them.
"""

import hashlib
from typing import NamedTuple

from django.conf import settings
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.db.models.expressions import RawSQL
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from . import card, wholepage
from .fragments import code_version, kept_part
from .models import CaseEvent

HEAD_TEMPLATE = "prisoners/_profile_head.html"
CONTENT_TEMPLATE = "prisoners/_profile_content.html"
# Where the reader's own parts go. Escaped text never holds a "<": no record can forge it.
PART_BREAK = mark_safe("<!--profile-part-->")
DETAIL_TEMPLATE = "prisoners/detail.html"
# The key holds the day: a kept profile is of no use after it (a little over a day, as
# the card images of card.py).
SECONDS = 25 * 3600

# Every column of every event and source of the outer prisoner, as PostgreSQL writes the
# rows (quoted, so that no two contents read alike), hashed. Constant SQL, no parameter.
CONTENT_VERSION_SQL = """SELECT md5(concat(
    (SELECT string_agg(e::text, ',' ORDER BY e.id) FROM prisoners_caseevent e
      WHERE e.prisoner_id = prisoners_prisoner.id), '/',
    (SELECT string_agg(s::text, ',' ORDER BY s.id) FROM prisoners_source s
      WHERE s.prisoner_id = prisoners_prisoner.id)))"""


class Parts(NamedTuple):
    alternate: str
    head: str
    top: str  # up to the organizer's controls
    middle: str  # up to the reader's buttons
    bottom: str


def with_version(prisoners: QuerySet) -> QuerySet:
    """The prisoners with `content_version`, the digest of their events and sources."""
    return prisoners.annotate(content_version=RawSQL(CONTENT_VERSION_SQL, ()))  # noqa: S611


def key(prisoner, annotations, language: str, kind: str = "profilehtml") -> str:
    """Everything the kept parts show that can change, as a key."""
    shown = [
        prisoner.updated_at.timestamp(),
        *((name, getattr(prisoner, name)) for name in sorted(annotations)),
        timezone.get_current_timezone_name(),
        timezone.localdate().isoformat(),
    ]
    digest = hashlib.sha256(repr(shown).encode()).hexdigest()[:32]
    return f"prisoners:{kind}:{code_version()}:{language}:{prisoner.pk}:{digest}"


def parts(prisoner, annotations, language: str) -> dict:
    """The kept parts of `prisoner`'s profile in `language`, safe to show. `annotations`:
    the names of every value the page's query annotated (`content_version` among them)."""
    if "content_version" not in annotations:
        raise ValueError("the profile's key needs the content_version (with_version)")
    found = kept_part(
        key(prisoner, annotations, language), lambda: draw(prisoner, language), SECONDS
    )
    return {name: mark_safe(html) for name, html in found._asdict().items()}  # noqa: S308


def anonymous_page(
    request, prisoner, annotations, language: str, draw_page, templates: tuple = ()
) -> str:
    """The whole page for a reader who is not signed in (wholepage.py), kept under the
    parts' key: `draw_page(next_mark)` draws it; `templates`, those it is drawn with
    besides base.html's (the coverage's buttons)."""
    if "content_version" not in annotations:
        raise ValueError("the profile's key needs the content_version (with_version)")
    kept_key = key(prisoner, annotations, language, "profilewhole")
    return wholepage.kept_page(request, kept_key, draw_page, (DETAIL_TEMPLATE, *templates), SECONDS)


def draw(prisoner, language: str) -> Parts:
    """Render the kept parts, reading the timeline and sources (only now: a kept profile
    costs no query for them)."""
    events = CaseEvent.objects.published().order_by("-date", "-pk")
    prefetch_related_objects(
        [prisoner], Prefetch("events", queryset=events, to_attr="timeline"), "sources"
    )
    context = {
        "prisoner": prisoner,
        "card": card.card_meta(prisoner, language),
        "CAMPAIGN_NAME": settings.CAMPAIGN_NAME,
        "part_break": PART_BREAK,
    }
    alternate, head = _split(render_to_string(HEAD_TEMPLATE, context), 2)
    top, middle, bottom = _split(render_to_string(CONTENT_TEMPLATE, context), 3)
    return Parts(alternate, head, top, middle, bottom)


def _split(html: str, count: int) -> list[str]:
    found = html.split(PART_BREAK)
    if len(found) != count:
        raise ValueError(f"{len(found) - 1} part breaks where {count - 1} were expected")
    return found
