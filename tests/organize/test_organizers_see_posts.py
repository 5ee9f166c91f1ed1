"""Organizers see what each defender posted, with its link, so that fake activity shows."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from campaigns.models import Adoption, Post
from campaigns.organize import posts as posts_page
from tests.conftest import defend

DAY = datetime.timedelta(days=1)


@pytest.fixture
def defended(volunteer, prisoner) -> Adoption:
    """Lotus defends Wu Gan since a month, quiet for three weeks: four old posts."""
    adoption = defend(volunteer, prisoner)
    Adoption.objects.filter(pk=adoption.pk).update(started_at=timezone.now() - 30 * DAY)
    for n in range(4):
        post(volunteer, prisoner, link=f"https://x.com/lotus/status/{n}", days_ago=21 + n)
    return adoption


def post(volunteer, prisoner, *, days_ago=1, **fields) -> Post:
    fields.setdefault("platform", Post.Platform.X)
    when = timezone.now() - days_ago * DAY
    return Post.objects.create(volunteer=volunteer, prisoner=prisoner, posted_at=when, **fields)


def quiet_section(page: str) -> str:
    return page.split('id="quiet-heading"', 1)[1].split("</section>", 1)[0]


def posts_section(page: str) -> str:
    return page.split('id="posts-heading"', 1)[1].split("</section>", 1)[0]


def test_a_quiet_defender_is_shown_with_their_last_three_posts(org, defended, volunteer):
    section = quiet_section(org.get("/organize/").content.decode())
    assert "Lotus" in section
    shown = [n for n in range(4) if f"https://x.com/lotus/status/{n}" in section]
    assert shown == [0, 1, 2]  # the newest three
    assert f'href="/organize/posts/?volunteer={volunteer.pk}"' in section


def test_recent_posts_show_who_about_whom_and_the_link(
    org, volunteer, other_volunteer, prisoner, make_prisoner
):
    other_case = make_prisoner(name="Li Yu")
    # A post from before the check constraint (added NOT VALID: older rows stay), made
    # here by lifting it inside this test's transaction, which rolls it back.
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE campaigns_post DROP CONSTRAINT post_has_link_or_sentence")
    post(volunteer, prisoner, link="https://bsky.app/profile/lotus/post/1")
    letter = {"platform": Post.Platform.LETTER, "text": "Wrote a letter to him in the jail."}
    post(other_volunteer, other_case, days_ago=1.5, **letter)
    post(other_volunteer, other_case, days_ago=2)  # neither link nor description (legacy)
    post(volunteer, prisoner, link="http://example.org/plain", days_ago=3)

    section = posts_section(org.get("/organize/").content.decode())

    assert "4 posts in all" in section
    assert (
        '<a href="https://bsky.app/profile/lotus/post/1" rel="noopener noreferrer nofollow"'
        ' target="_blank">'
    ) in section
    assert section.index("Lotus") < section.index("Bamboo")  # newest first
    assert "Wrote a letter to him in the jail." in section
    assert "Li Yu" in section and "Wu Gan" in section
    assert "No link and no description." in section
    # Only an https link is a link: anything else is shown as text.
    assert "http://example.org/plain" in section
    assert 'href="http://example.org/plain"' not in section


def test_the_posts_page_pages_through_all_posts_with_their_total(
    org, volunteer, prisoner, monkeypatch
):
    monkeypatch.setattr(posts_page, "POSTS_PER_PAGE", 2)
    for n in range(5):
        post(volunteer, prisoner, link=f"https://x.com/lotus/status/{n}", days_ago=n + 1)

    first = org.get("/organize/posts/").content.decode()
    last = org.get("/organize/posts/?page=3").content.decode()

    assert "5 posts" in first and "Page 1 of 3" in first
    assert "status/0" in first and "status/1" in first and "status/2" not in first
    assert "status/4" in last and "status/3" not in last


def test_the_posts_page_filters_one_adoptions_posts(
    org, defended, volunteer, other_volunteer, prisoner, make_prisoner
):
    post(volunteer, make_prisoner(), link="https://x.com/lotus/status/supported")
    post(other_volunteer, prisoner, link="https://x.com/bamboo/status/1")

    url = f"/organize/posts/?volunteer={volunteer.pk}&prisoner={prisoner.slug}"
    page = org.get(url).content.decode()

    assert "4 posts" in page
    assert "supported" not in page and "bamboo" not in page
    assert org.get("/organize/posts/?volunteer=999999").status_code == 400


def test_the_adoptions_admin_page_shows_its_posts_and_leads_to_the_rest(
    org, defended, volunteer, other_volunteer, prisoner, make_prisoner
):
    post(other_volunteer, prisoner, link="https://x.com/bamboo/status/1")
    post(volunteer, make_prisoner(), link="https://x.com/lotus/status/supported")

    response = org.get(f"/admin/campaigns/adoption/{defended.pk}/change/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Their posts about this prisoner" in page
    for n in range(4):
        assert (
            f'<a href="https://x.com/lotus/status/{n}" rel="noopener noreferrer nofollow"' in page
        )
    assert "bamboo" not in page and "supported" not in page
    assert f"/organize/posts/?volunteer={volunteer.pk}&amp;prisoner={prisoner.slug}" in page


def test_the_adoptions_admin_page_shows_the_last_20(org, defended, volunteer, prisoner):
    for n in range(25):
        post(volunteer, prisoner, link=f"https://x.com/lotus/status/new{n}", days_ago=1)
    page = org.get(f"/admin/campaigns/adoption/{defended.pk}/change/").content.decode()
    assert page.count('rel="noopener noreferrer nofollow"') == 20
