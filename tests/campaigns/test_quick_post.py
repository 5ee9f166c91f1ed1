"""A logged post's fields are cleaned without the form when they are valid
(forms.quick_post, issue 17): side by side with PostForm, it answers what the form
answers, or nothing (the form then decides, with its errors)."""

import datetime
import uuid

import pytest
from django.http import QueryDict
from django.utils import timezone, translation

from campaigns import views
from campaigns.forms import PostForm, post_fields, quick_post
from campaigns.models import Adoption, Post

TODAY = timezone.localdate().isoformat()
UUID = "0b6f2c9e-1f4e-4c1a-9a55-2d3f0f8b7c11"
SENTENCE = "I wrote a letter to the prison director today."
# What the form in the page sends (every field, the platform's initial "letter", today).
BROWSER = {
    "prisoner": "7",
    "link": "https://x.com/lotus/status/1",
    "platform": "letter",
    "description": "",
    "posted_on": TODAY,
    "text": "",
    "submission": UUID,
}
VALID = [
    {},
    {"link": "https://x.com/lotus/status/1?s=46&t=abc#frag"},
    {"link": "https://bsky.app/profile/a.bsky.social/post/3k2"},
    {"link": "https://example.org/blog/2024/free-them"},
    {"link": "https://mastodon.social/@lotus/11223344"},
    {"link": "https://X.com/lotus/status/1", "text": "吴淦 #FreeWuGan"},
    {"link": "", "description": SENTENCE, "platform": "wechat"},
    {"link": "", "description": f"  {SENTENCE}  ", "platform": ""},
    {"link": "", "description": "我今天给监狱长写了一封信件"},
    {"posted_on": "2024-02-29"},
    {"posted_on": ""},
    {"submission": ""},
    {"prisoner": "2147483647"},
    {"text": "x" * 5000},
    # As the form's own fields read them.
    {"prisoner": " 7 "},
    {"prisoner": "7.0"},
    {"link": " https://x.com/lotus/status/1 "},
    {"link": "x.com/lotus/status/1"},
]
UNDECIDED_OR_INVALID = [
    {"prisoner": ""},
    {"prisoner": "0"},
    {"prisoner": "2147483648"},
    {"prisoner": "seven"},
    {"link": "http://x.com/lotus/status/1"},
    {"link": "https://x.com/lotus"},
    {"link": "https://["},
    {"link": "not a link"},
    {"link": "https://x.com/" + "a" * 500},
    {"link": "", "description": ""},
    {"link": "", "description": "   "},
    {"link": "", "description": "too short"},
    {"platform": "x"},
    {"platform": "nonsense"},
    {"posted_on": "2999-01-01"},
    {"posted_on": "1999-12-31"},
    {"posted_on": "0001-01-01"},
    {"posted_on": "2024-02-30"},
    {"posted_on": "2024/02/28"},
    {"posted_on": "2024-2-28"},
    {"posted_on": " 2024-02-28"},
    {"posted_on": "２０２４-02-28"},
    {"text": "x" * 5001},
    {"text": "null\x00byte"},
    {"submission": "not-a-uuid"},
]


def _data(changes: dict) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in {**BROWSER, **changes}.items():
        data[name] = value
    return data


def _form(data: QueryDict) -> PostForm:
    return PostForm(data, choice_checked_when_written=True)


@pytest.mark.parametrize("language", ["en", "zh-hans", "zh-hant"])
@pytest.mark.parametrize("changes", VALID + UNDECIDED_OR_INVALID)
def test_the_form_answers_the_same(changes, language):
    with translation.override(language):
        data = _data(changes)
        form, quick = _form(data), quick_post(data)
        if quick is not None:
            assert form.is_valid(), form.errors
            assert quick == form.cleaned_data
            fields, expected = post_fields(quick), form.post_fields()
            assert abs(fields.pop("posted_at") - expected.pop("posted_at")) < datetime.timedelta(
                seconds=5
            )
            assert fields == expected
        if changes in VALID:
            assert quick is not None  # decided here, without the form
        else:
            assert quick is None


def test_the_browsers_form_and_the_bare_link_are_decided_without_the_form():
    assert quick_post(_data({}))["link"] == "https://x.com/lotus/status/1"
    bare = QueryDict(mutable=True)
    bare.update({"prisoner": "7", "link": "https://x.com/lotus/status/2"})
    assert quick_post(bare) == {
        "prisoner": 7,
        "link": "https://x.com/lotus/status/2",
        "description": "",
        "text": "",
        "submission": None,
        "platform": "",
        "posted_on": timezone.localdate(),
    }


def test_a_valid_post_is_logged_without_the_form(
    volunteer_client, volunteer, prisoner, monkeypatch
):
    Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role="defender")

    def no_form(*args, **kwargs):
        raise AssertionError("the form was used")

    monkeypatch.setattr(views, "PostForm", no_form)
    response = volunteer_client.post("/me/posts/", {**BROWSER, "prisoner": prisoner.pk})
    assert response.status_code == 302
    post = Post.objects.get()
    assert (post.link, post.platform, post.submission_key) == (
        "https://x.com/lotus/status/1",
        "x",
        uuid.UUID(UUID),
    )
