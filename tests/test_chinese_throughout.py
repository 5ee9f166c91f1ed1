"""Every public and volunteer page and every email, read as a Chinese reader reads them
(issue 12): in 简体中文 and 繁體中文, with the case written in both languages.

A page or an email fails on:
- a Latin-script sentence (three Latin words in a row) in the main content, outside an
  element that says it is in another language (a case text with no Chinese version is
  shown with lang="en" and is allowed);
- on a Traditional page, a character OpenCC would still convert (Simplified left over);
- an ASCII space between two Chinese characters (around a Chinese name, typically);
- an English comma beside Chinese text.

Names (prisoners', volunteers'), addresses and links are taken out before the Latin
check: they are what they are in every language.
"""

import re
import zoneinfo
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from prisoners import chinese
from prisoners.models import CaseEvent, Prisoner, Source
from tests.browser.standards_world import build_world
from tests.browser.test_standards import STATUS, paths_for
from tests.conftest import reauthenticate
from tests.email_catalogue import DISPLAY_NAMES, USER_AGENT, html_of
from tests.email_catalogue import LANGUAGES as EMAIL_LANGUAGES

CHINESE = ("zh-hans", "zh-hant")
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
LATIN_SENTENCE = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:[ ,;:]+[A-Za-z][A-Za-z'’-]*){2,}")
SPACE_IN_CHINESE = re.compile(f"[{CJK}][ \t]+[{CJK}]")
ENGLISH_COMMA = re.compile(f"[{CJK}] ?,|, ?[{CJK}]")
LINK = re.compile(r"(https?://|www\.)\S+|\S+@\S+|/[\w/.?=&%-]*")
BLOCKS = {
    *"p li dt dd div h1 h2 h3 h4 h5 h6 br td th tr section article header footer".split(),
    *"nav ul ol dl table form fieldset legend label button option select a title".split(),
}
SKIP = {"script", "style", "template", "code", "kbd", "samp"}
ATTRIBUTES = ("alt", "aria-label", "placeholder", "title")


class ChineseReader(HTMLParser):
    """The text a reader reads in <main> (or a whole email's <body>), as lines; text in
    an element marked as another language than Chinese is left out."""

    def __init__(self, root: str, language: str):
        super().__init__(convert_charrefs=True)
        self.root, self.language, self.depth, self.stack = root, language.lower(), 0, []
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        # (The page's own language, on <html>, is checked apart.)
        foreign = tag != "html" and (attrs.get("lang") or self.language).lower() != self.language
        skipped = tag in SKIP or foreign
        if tag == self.root:
            self.depth += 1
        # A badge stands apart like a block: "被羁押" and "紧急" are two labels.
        block = tag in BLOCKS or "badge" in (attrs.get("class") or "")
        if tag not in ("br", "img", "input", "meta", "link", "hr", "source", "wbr"):
            self.stack.append((tag, skipped, block))
        if self.reading:
            self.parts.extend(f"\n{attrs[name]}\n" for name in ATTRIBUTES if attrs.get(name))
        if block:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        block = tag in BLOCKS
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                block = self.stack[index][2]
                del self.stack[index:]
                break
        if tag == self.root:
            self.depth -= 1
        if block:
            self.parts.append("\n")

    @property
    def reading(self) -> bool:
        return self.depth > 0 and not any(skipped for _, skipped, _ in self.stack)

    def handle_data(self, data):
        if self.reading:
            self.parts.append(data)

    def lines(self) -> list[str]:
        text = "".join(self.parts)
        return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def read_html(html: str, language: str, root: str = "main") -> list[str]:
    reader = ChineseReader(root, language)
    reader.feed(html)
    return reader.lines()


def faults(
    lines: list[str], language: str, proper_names: list[str], own_words: list[str] = ()
) -> list[str]:
    """What a Chinese reader would stumble on. `own_words` (volunteers' pseudonyms, a
    browser's name) are as their authors wrote them, in whatever script."""
    found = []
    for line in lines:
        for words in own_words:  # stand-in: a pseudonym sits in a sentence like a name
            line = line.replace(words, "某")
        if SPACE_IN_CHINESE.search(line):
            found.append(f"space between Chinese characters: {line!r}")
        if ENGLISH_COMMA.search(line):
            found.append(f"English comma in Chinese text: {line!r}")
        if language == "zh-hant":
            for run in chinese.simplified_left_in(line):
                found.append(f"Simplified left over: {run!r} in {line!r}")
        bare = LINK.sub(" ", line)
        for name in proper_names:
            bare = bare.replace(name, " ")
        if match := LATIN_SENTENCE.search(bare):
            found.append(f"English: {match.group()!r} in {line!r}")
    return found


def longest_first(names) -> list[str]:
    return sorted({name for name in names if name}, key=len, reverse=True)


def proper_names() -> list[str]:
    """Prisoners' names in Latin letters, as the data has them (a long name goes whole)."""
    return longest_first(Prisoner.objects.values_list("name", flat=True))


def own_words() -> list[str]:
    """What volunteers wrote themselves: their pseudonyms, shown as written; and the time
    zones' ids (Asia/Ho_Chi_Minh), shown beside their Chinese names as the ids they are."""
    zones = zoneinfo.available_timezones()
    return longest_first(
        [
            *get_user_model().objects.values_list("display_name", flat=True),
            *zones,
            *(zone.replace("_", " ") for zone in zones),
        ]
    )


def write_the_case_in_chinese() -> None:
    """Every case text of the world gets its Chinese version, as an organizer writes it."""
    for prisoner in Prisoner.objects.all():
        prisoner.summary = prisoner.summary or "Held for defending the rights of others."
        prisoner.summary_zh_hans = "因为维护他人的权利而被关押。"
        prisoner.occupation, prisoner.occupation_zh_hans = "Human rights lawyer", "人权律师"
        prisoner.charges, prisoner.charges_zh_hans = "Subversion of state power", "颠覆国家政权罪"
        prisoner.facility, prisoner.facility_zh_hans = "Linyi Prison, Shandong", "山东临沂监狱"
        prisoner.health_concerns = "Denied treatment for high blood pressure."
        prisoner.health_concerns_zh_hans = "高血压得不到治疗。"
        prisoner.save()
    for event in CaseEvent.objects.all():
        event.text_zh_hans = "以颠覆国家政权罪被判处有期徒刑八年。"
        event.save()
    Source.objects.update(title_zh_hans="案件档案")


@pytest.fixture
def world(settings, tmp_path, make_user, make_prisoner, make_organizer) -> dict:
    settings.MEDIA_ROOT = tmp_path  # the photo
    built = build_world(make_user, make_prisoner, make_organizer)
    write_the_case_in_chinese()
    return built


def client_for(role: str, world: dict, language: str) -> Client:
    # The volunteer reads Chinese too: the pages of the links in their emails follow
    # the language of their account, not of the browser.
    world["volunteer"].language = language
    world["volunteer"].save()
    client = Client()
    if role != "anonymous":
        client.force_login(world[role])
        reauthenticate(client)
    client.cookies["django_language"] = language
    return client


@pytest.mark.parametrize("language", CHINESE)
@pytest.mark.parametrize("role", ["anonymous", "volunteer"])
def test_every_page_reads_as_chinese(role, language, world):
    client = client_for(role, world, language)
    names, pseudonyms = proper_names(), own_words()
    found, read = [], 0
    for path in paths_for(role):
        path = path.format(**world["slots"])
        response = client.get(path, follow=True)  # as a browser does
        expected = STATUS.get(path, 200)
        assert response.status_code == expected, f"{path}: {response.status_code}"
        if not response.get("Content-Type", "").startswith("text/html"):
            continue  # /health/'s JSON, the data export
        html = response.content.decode()
        assert f'<html lang="{language}"' in html, f"{path}: not in {language}"
        lines = read_html(html, language)
        assert lines, f"{path}: nothing read in <main>"
        read += 1
        found += [f"{path}: {fault}" for fault in faults(lines, language, names, pseudonyms)]
    assert read > 20  # the matrices' pages were read, not skipped
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("language", CHINESE)
def test_every_email_reads_as_chinese(email_catalogue, language):
    names = proper_names()
    # The pseudonyms of every language's volunteers, and the browser allauth quotes.
    written = [*DISPLAY_NAMES.values(), USER_AGENT]
    found, read = [], 0
    for name, message in email_catalogue.items():
        if not name.startswith(f"{language}/"):
            continue
        read += 1
        for part, lines in (
            ("subject", [message.subject]),
            ("text", [" ".join(line.split()) for line in message.body.splitlines()]),
            ("html", read_html(html_of(message), language, root="body")),
        ):
            found += [
                f"{name} {part}: {fault}" for fault in faults(lines, language, names, written)
            ]
    assert read == len([n for n in email_catalogue if n.startswith("en/")])
    assert found == [], "\n".join(found)


@pytest.mark.parametrize(
    ("line", "language", "fault"),
    [
        ("你现在是 高兟 的守护者了", "zh-hans", "space between Chinese characters"),
        ("有期徒刑, 2019年12月7日", "zh-hans", "English comma"),
        ("Sentenced to eight years.", "zh-hans", "English"),
        ("這裡是吴淦的故事", "zh-hant", "Simplified left over"),
    ],
)
def test_the_reader_notices_what_a_chinese_reader_would(line, language, fault):
    (found,) = faults([line], language, [])
    assert found.startswith(fault)


def test_the_reader_lets_names_links_and_marked_fallbacks_be():
    html = (
        '<main><p>吴淦（Wu Gan Test Name）</p><p lang="en">Written only in English here.</p>'
        "<p>请访问 https://example.org/a/long/path 或 /me/settings/</p></main>"
    )
    assert faults(read_html(html, "zh-hans"), "zh-hans", ["Wu Gan Test Name"]) == []


def test_the_email_catalogue_has_chinese_languages():
    assert set(CHINESE) <= set(EMAIL_LANGUAGES)
    assert settings.LANGUAGE_CODE == "en"
