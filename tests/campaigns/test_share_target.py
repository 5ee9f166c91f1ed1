"""The installed app's share target, /me/share/: a post shared from the X app (or any
other) opens the log form with its link filled in; nothing is saved before it is sent."""

from urllib.parse import parse_qs, urlencode

import pytest

from campaigns.models import Adoption, Post
from campaigns.share import shared_link
from tests.conftest import PASSWORD

X_LINK = "https://x.com/lotus/status/1861234567890123456"


@pytest.fixture
def defender(volunteer, prisoner):
    Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role="defender")
    return volunteer


def share(client, **params):
    return client.get("/me/share/?" + urlencode(params))


def shown_link(response) -> str:
    assert response.status_code == 200
    return response.context["form"].initial["link"]


def test_a_shared_url_fills_in_the_link(volunteer_client, defender, prisoner):
    response = share(volunteer_client, url=X_LINK, title="Lotus on X")
    assert shown_link(response) == X_LINK
    page = response.content.decode()
    assert f"Log this post about {prisoner.primary_name()}" in page
    assert f'value="{X_LINK}"' in page
    assert 'action="/me/posts/"' in page
    assert Post.objects.count() == 0


def test_the_x_app_shares_the_link_inside_the_text(volunteer_client, defender):
    text = f"记住吴淦 #FreeWuGan {X_LINK}?s=46&t=abc. 转发"
    assert shown_link(share(volunteer_client, text=text)) == f"{X_LINK}?s=46&t=abc"


def test_a_link_followed_by_chinese_without_a_space_ends_at_the_chinese(volunteer_client, defender):
    assert shown_link(share(volunteer_client, text=f"看看{X_LINK}，谢谢")) == X_LINK


def test_the_url_field_wins_over_a_link_in_the_text(volunteer_client, defender):
    response = share(volunteer_client, url=X_LINK, text="see https://example.org/other")
    assert shown_link(response) == X_LINK


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"text": "Just words, no link"},
        {"url": "javascript:alert(document.cookie)"},
        {"text": "x" * 10_000},
        {"url": "https://x.com/" + "a" * 600},
        {"url": "\x00\ufffd"},
    ],
    ids=["nothing", "no-link", "javascript", "10kB", "too-long", "junk"],
)
def test_bad_input_opens_the_empty_form_with_a_note(volunteer_client, defender, params):
    response = share(volunteer_client, **params)
    assert shown_link(response) == ""
    assert "holds no link to a post" in response.content.decode()
    assert "javascript:" not in response.content.decode()
    assert Post.objects.count() == 0


def test_a_visitor_signs_in_and_comes_back_with_what_was_shared(client, volunteer, defender):
    shared = "/me/share/?" + urlencode({"text": f"Look {X_LINK}"})
    response = client.get(shared)
    assert response.status_code == 302
    login, _, query = response["Location"].partition("?")
    assert login == "/accounts/login/"
    assert parse_qs(query)["next"] == [shared]
    signed_in = client.post(response["Location"], {"login": volunteer.email, "password": PASSWORD})
    assert signed_in.status_code == 302
    assert signed_in["Location"] == shared
    assert shown_link(client.get(shared)) == X_LINK


def test_without_a_prisoner_the_volunteer_is_sent_to_find_one(volunteer_client):
    response = share(volunteer_client, url=X_LINK)
    assert response.status_code == 302
    assert response["Location"] == "/find/"
    page = volunteer_client.get("/find/").content.decode()
    assert "Choose a prisoner to defend or support first." in page


def test_a_supporter_of_two_cases_chooses_which_one(volunteer_client, volunteer, make_prisoner):
    for name in ("First Case", "Second Case"):
        prisoner = make_prisoner(name=name)
        Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role="supporter")
    response = share(volunteer_client, url=X_LINK)
    page = response.content.decode()
    assert '<h1 class="h3">Log this post</h1>' in page
    assert "First Case" in page and "Second Case" in page


def test_the_shared_form_logs_the_post(volunteer_client, defender, prisoner):
    form = share(volunteer_client, url=X_LINK).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["posted_on"] = form["posted_on"].value().isoformat()
    assert volunteer_client.post("/me/posts/", data).status_code == 302
    assert Post.objects.get().link == X_LINK


@pytest.mark.parametrize(
    ("texts", "link"),
    [
        (("", "Read HTTPS://Bsky.app/profile/a/post/1)"), "HTTPS://Bsky.app/profile/a/post/1"),
        (("ftp://example.org/x", "http://t.me/c/1"), "http://t.me/c/1"),
        (("<https://weibo.com/1/abc>",), "https://weibo.com/1/abc"),
    ],
)
def test_the_first_web_address_is_the_link(texts, link):
    assert shared_link(*texts) == link


@pytest.mark.parametrize("cases", [1, 3])
def test_the_share_page_costs_the_same_queries_for_one_case_or_several(
    volunteer_client, volunteer, make_prisoner, cases, django_assert_num_queries
):
    for n in range(cases):
        prisoner = make_prisoner(name=f"Case {n}")
        Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role="supporter")
    # The volunteer with the layout's delivery banner (the session is cached), their
    # adoptions with the prisoners: never a query per prisoner.
    with django_assert_num_queries(2):
        assert share(volunteer_client, url=X_LINK).status_code == 200


def test_the_same_post_shared_again_with_x_tracking_is_already_logged(
    volunteer_client, defender, prisoner
):
    for shared in (X_LINK, f"{X_LINK}?s=46&t=AbCdEf"):
        form = share(volunteer_client, text=f"#FreeWuGan {shared}").context["form"]
        data = {name: form[name].value() or "" for name in form.fields}
        data["posted_on"] = form["posted_on"].value().isoformat()
        assert volunteer_client.post("/me/posts/", data).status_code in (200, 302)
    assert list(Post.objects.values_list("link", flat=True)) == [X_LINK]
