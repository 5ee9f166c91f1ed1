"""Without a link (a letter, something offline) a post needs a description of at least
a sentence: five words, or ten Chinese characters. The form, the service and the
database read the rule alike."""

import pytest
from django.db import IntegrityError, transaction

from campaigns.models import Post
from campaigns.models.posts import is_a_sentence

TEXTS = [
    ("I wrote to the prison.", True),
    ("I wrote him a letter today", True),
    ("  Sent\ta\nletter  to him ", True),
    ("Wrote\u3000to\u3000the\u3000prison\u3000governor", True),
    ("A letter to him", False),
    ("letter", False),
    ("     ", False),
    ("我今天给许志永写了一封信", True),
    ("给监狱写信，问他的健康", True),
    ("我給許志永寫了一封信件", True),
    ("写了一封信", False),
    ("一二三四五六七八九", False),
    ("Wrote 一二三四五六七八九", False),
    ("Wrote 一 二 三 四", True),
    ("🕯️ 🕯️ 🕯️ 🕯️ 🕯️", True),
]


@pytest.mark.parametrize(("text", "sentence"), TEXTS)
def test_python_and_the_database_agree_on_what_a_sentence_is(defender, prisoner, text, sentence):
    assert is_a_sentence(text) is sentence
    try:
        with transaction.atomic():
            Post.objects.create(volunteer=defender, prisoner=prisoner, platform="letter", text=text)
    except IntegrityError:
        accepted = False
    else:
        accepted = True
    assert accepted is sentence


@pytest.mark.parametrize(("text", "sentence"), TEXTS)
def test_the_form_takes_a_letter_described_in_a_sentence(
    volunteer_client, defender, prisoner, text, sentence
):
    response = volunteer_client.post(
        "/me/posts/", {"prisoner": prisoner.pk, "platform": "letter", "description": text}
    )
    if sentence:
        assert response.status_code == 302
        post = Post.objects.get()
        assert (post.platform, post.link, post.text) == ("letter", "", text.strip())
    else:
        assert response.status_code == 400
        assert not Post.objects.exists()


def test_a_short_description_is_told_the_rule_in_the_readers_language(
    volunteer_client, defender, prisoner
):
    data = {"prisoner": prisoner.pk, "platform": "letter", "description": "写了一封信"}
    page = volunteer_client.post("/me/posts/", data, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 400
    html = page.content.decode()
    assert "五个词或十个汉字" in html
    # The folded part with the error is shown unfolded.
    assert '<details class="mb-2" open>' in html


def test_without_a_link_only_kinds_without_one_can_be_chosen(volunteer_client, defender, prisoner):
    form = volunteer_client.get("/me/").context["form"]
    assert [value for value, _label in form.fields["platform"].choices] == [
        "letter",
        "wechat",
        "other",
    ]
    data = {
        "prisoner": prisoner.pk,
        "platform": "x",
        "description": "I told five friends about him.",
    }
    assert volunteer_client.post("/me/posts/", data).status_code == 400
    assert not Post.objects.exists()
