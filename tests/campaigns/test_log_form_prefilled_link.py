"""The log form can open with the link filled in (the share target does so)."""

from campaigns.forms import PostForm

LINK = "https://x.com/lotus/status/1861234567890123456"


def test_a_link_given_as_initial_is_in_the_field(prisoner):
    html = str(PostForm(initial={"link": LINK}, prisoners=[prisoner])["link"])
    assert f'value="{LINK}"' in html
    assert 'inputmode="url"' in html and "autofocus" not in html
