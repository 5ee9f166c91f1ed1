"""Post in one tap (issue 13, point 1): each platform's share link carries the suggested
text, URL-encoded so that it arrives as written; Mastodon goes to the volunteer's own
server, set once in the settings, and to the settings while none is set."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import IntegrityError, transaction

from campaigns import compose, sharing, weeks
from campaigns.compose import share_context
from campaigns.models import Adoption, VolunteerSettings

TODAY = datetime.date(2026, 11, 26)
# What a text may hold that a URL must escape: &, #, ?, =, +, %, quotes, CJK, a newline.
AWKWARD = "吴淦 & friends: 100% #FreeWuGan? a=b+c “quoted”\n第二行"
PROFILE = "https://campaign.example.org/prisoners/wu-gan/"


def query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def test_every_link_gives_back_the_text_as_written():
    links = sharing.share_links(
        AWKWARD, PROFILE, mastodon_instance="mastodon.social", settings_url="/me/settings/"
    )
    whole = f"{AWKWARD} {PROFILE}"
    assert links["x"].startswith("https://x.com/intent/post?text=")
    assert query(links["x"]) == {"text": whole}
    assert links["bluesky"].startswith("https://bsky.app/intent/compose?text=")
    assert query(links["bluesky"]) == {"text": whole}
    assert links["mastodon"].startswith("https://mastodon.social/share?text=")
    assert query(links["mastodon"]) == {"text": whole}
    # Telegram and Weibo take the link in a parameter of their own, not twice.
    assert links["telegram"].startswith("https://t.me/share/url?")
    assert query(links["telegram"]) == {"url": PROFILE, "text": AWKWARD}
    assert links["weibo"].startswith("https://service.weibo.com/share/share.php?")
    assert query(links["weibo"]) == {"url": PROFILE, "title": AWKWARD}
    assert all(" " not in link and "\n" not in link for link in links.values())


def test_without_a_server_mastodon_goes_to_the_settings(prisoner, volunteer):
    context = share_context(prisoner, volunteer=volunteer, language="en", today=TODAY)
    link = context["suggestions"][0]["links"]["mastodon"]
    assert link == "http://testserver/me/settings/#id_settings-mastodon_instance"
    mastodon = next(b for b in context["share_buttons"] if b["platform"] == "mastodon")
    assert (mastodon["href"], mastodon["base"]) == (link, "")

    VolunteerSettings.objects.create(volunteer=volunteer, mastodon_instance="mastodon.social")
    context = share_context(prisoner, volunteer=volunteer, language="en", today=TODAY)
    first = context["suggestions"][0]
    assert query(first["links"]["mastodon"]) == {"text": first["text"]}
    assert first["links"]["mastodon"].startswith("https://mastodon.social/share?text=")


def test_the_x_link_carries_the_shown_text_with_the_profile_link(prisoner, volunteer):
    context = share_context(prisoner, volunteer=volunteer, language="zh-hans", today=TODAY)
    for suggestion in context["suggestions"]:
        text = query(suggestion["links"]["x"])["text"]
        assert text == suggestion["text"]
        assert "#FreeWuGan" in text and text.endswith(" http://testserver/prisoners/wu-gan/")
        assert "吴淦" in text


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("mastodon.social", "mastodon.social"),
        ("  Mastodon.Social ", "mastodon.social"),
        ("https://mastodon.social/", "mastodon.social"),
        ("@lotus@hongkong.social", "hongkong.social"),
        ("lotus@m.cmx.im", "m.cmx.im"),
        ("長毛象.台灣", "xn--ipwu70elhg.xn--kpry57d"),
        ("", ""),
    ],
)
def test_the_server_is_kept_as_a_host_name(volunteer_client, volunteer, typed, kept):
    response = volunteer_client.post("/me/settings/", settings_form(volunteer, typed))
    assert response.status_code == 302, response.context["settings_form"].errors
    assert VolunteerSettings.objects.get(volunteer=volunteer).mastodon_instance == kept


@pytest.mark.parametrize(
    "typed",
    [
        "mastodon.social/@lotus",
        "https://mastodon.social/share?text=x",
        "mastodon.social:8443",
        "localhost",
        "evil.example/path",
        "javascript:alert(1)",
        "a b.social",
        "-bad-.social",
    ],
)
def test_anything_but_a_host_name_is_refused_with_a_word(volunteer_client, volunteer, typed):
    response = volunteer_client.post("/me/settings/", settings_form(volunteer, typed))
    assert response.status_code == 400
    assert "Type only your server&#x27;s name" in response.content.decode()
    assert (
        not VolunteerSettings.objects.filter(volunteer=volunteer)
        .exclude(mastodon_instance="")
        .exists()
    )


def test_the_database_keeps_only_host_names(volunteer):
    prefs = VolunteerSettings.objects.create(volunteer=volunteer)
    prefs.mastodon_instance = "evil.example/path?"
    with pytest.raises(IntegrityError), transaction.atomic():
        prefs.save()


def test_the_page_links_open_apart_and_load_nothing_of_theirs(
    volunteer_client, volunteer, prisoner
):
    Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role="defender")
    page = volunteer_client.get("/me/").content.decode()
    # What the page's kept parts were drawn from (campaigns.me_page).
    suggestions = compose.share_context(
        prisoner,
        volunteer=volunteer,
        language="en",
        today=weeks.volunteer_now(volunteer).date(),
        mastodon="",
    )["suggestions"]
    x_link = suggestions[0]["links"]["x"]
    assert f'href="{x_link}" data-share' in page
    section = page[
        page.index("data-post-on") : page.index("</section>", page.index("data-post-on"))
    ]
    for host in ("x.com", "bsky.app", "t.me", "service.weibo.com"):
        assert f'href="https://{host}/' in section
        assert f'src="https://{host}' not in page
    # Every link out opens in a new tab and tells the platform nothing of the page.
    outside = section.count('href="https://')
    assert outside == section.count('target="_blank" rel="noopener noreferrer"')
    # Each text has its own "Post on X", so choosing works without JavaScript.
    assert section.count(">Post on X</a>") == 1 + len(suggestions)


def settings_form(volunteer, mastodon: str) -> dict:
    return {
        "profile-display_name": volunteer.display_name,
        "profile-language": "en",
        "profile-timezone": "Europe/London",
        "settings-email_reminders": "on",
        "settings-reminder_weekday": "4",
        "settings-reminder_hour": "18",
        "settings-paused_until": "",
        "settings-supporter_digest": "on",
        "settings-mastodon_instance": mastodon,
    }
