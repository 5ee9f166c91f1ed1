"""Every email's HTML part is a whole HTML5 document in its reader's language, laid out
the way mail programs and screen readers need (issue 11).

The Nu Html Checker and axe-core read the same catalogue in the standards run; these
checks say in plain words what matters most, and need neither Java nor a browser.
"""

from html.parser import HTMLParser

import pytest

from tests.email_catalogue import EMAIL_NAMES, html_of

# Attributes HTML5 made obsolete that email templates often still use: CSS instead.
OBSOLETE = {"align", "bgcolor", "border", "cellpadding", "cellspacing", "valign", "width"}
OBSOLETE_ON = {"table", "td", "th", "tr", "body", "div", "p"}


class Outline(HTMLParser):
    """What the checks read from an email: its elements with their attributes, and its
    title."""

    def __init__(self, html: str):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.title = ""
        self._in_title = False
        self.doctype = ""
        self.feed(html)

    def handle_decl(self, decl):
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def all(self, tag: str) -> list[dict]:
        return [attrs for name, attrs in self.elements if name == tag]


@pytest.mark.parametrize("name", EMAIL_NAMES)
def test_the_email_is_an_html_document_in_its_readers_language(email_catalogue, name):
    message = email_catalogue[name]
    outline = Outline(html_of(message))
    assert outline.doctype.lower() == "doctype html"
    (html,) = outline.all("html")
    assert html["lang"] == name.split("/")[0]
    assert outline.all("meta")[0] == {"charset": "utf-8"}
    assert " ".join(outline.title.split()) == message.subject


@pytest.mark.parametrize("name", EMAIL_NAMES)
def test_the_emails_layout_is_for_eyes_only(email_catalogue, name):
    outline = Outline(html_of(email_catalogue[name]))
    # Layout tables are no data tables to a screen reader; pictures say what they show.
    assert all(table.get("role") == "presentation" for table in outline.all("table"))
    assert all(image.get("alt") for image in outline.all("img"))
    for tag, attrs in outline.elements:
        if tag in OBSOLETE_ON:
            assert not OBSOLETE & set(attrs), f"<{tag}> has {OBSOLETE & set(attrs)}"
