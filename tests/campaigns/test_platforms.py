"""The platform of a post is read from its link: real link shapes, per platform."""

import pytest

from campaigns.platforms import canonical, is_post_link, recognise

SHAPES = {
    "x": [
        "https://x.com/jack/status/20",
        "https://twitter.com/jack/status/20",
        "https://mobile.twitter.com/jack/status/20",
        "https://www.x.com/jack/status/1861234567890123456?s=46&t=AbCdEf",
        "https://x.com/i/web/status/1861234567890123456",
        "https://twitter.com/free_wugan/status/1861234567890123456/photo/1",
        "https://X.COM/Jack/status/20",
    ],
    "bluesky": [
        "https://bsky.app/profile/jay.bsky.team/post/3juflvfzm3w2k",
        "https://bsky.app/profile/did:plc:z72i7hdynmk6r22z27h6tvur/post/3l6oveex3ii2l",
    ],
    "mastodon": [
        "https://mastodon.social/@Gargron/109524589612345678",
        "https://hachyderm.io/@lotus@mastodon.social/111234567890123456",
        "https://mastodon.social/users/Gargron/statuses/109524589612345678",
        "https://social.example/@lotus/1",
        "https://mstdn.jp/@free.them/111/",
    ],
    "weibo": [
        "https://weibo.com/1234567890/NabcdEfgh",
        "https://www.weibo.com/1234567890/NabcdEfgh",
        "https://m.weibo.cn/status/4912345678901234",
        "https://m.weibo.cn/detail/4912345678901234",
        "https://weibo.cn/comment/NabcdEfgh",
    ],
    "youtube": [
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s",
        "https://m.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtu.be/dQw4w9WgXcQ?si=AbCd",
        "https://www.youtube.com/shorts/aBcDeFgHiJk",
    ],
    "telegram": [
        "https://t.me/durov/123",
        "https://t.me/s/durov/123",
    ],
    "facebook": [
        "https://www.facebook.com/free.wugan/posts/pfbid02AbCdEf",
        "https://m.facebook.com/story.php?story_fbid=123&id=456",
        "https://fb.watch/abCdEfGh1/",
        "https://facebook.com/watch/?v=1234567890",
    ],
    "wechat": [
        "https://mp.weixin.qq.com/s/AbCdEfGhIjKlMnOp",
        "https://mp.weixin.qq.com/s?__biz=MzA5&mid=2650&idx=1&sn=abc",
    ],
    "blog": [
        "https://example.org/2026/11/free-wu-gan",
        "https://medium.com/@someone/free-them-1a2b3c",
        "https://someone.substack.com/p/free-them",
        # Lookalikes are not the platform they imitate.
        "https://x.com.evil.example/jack/status/20",
        "https://notx.com/jack/status/20",
        "https://evil.example/x.com/jack/status/20",
        "https://youtube.com.example/watch?v=1",
    ],
}


@pytest.mark.parametrize(
    ("link", "platform"),
    [(link, platform) for platform, links in SHAPES.items() for link in links],
)
def test_the_platform_is_recognised_from_the_link(link, platform):
    assert recognise(link) == platform


@pytest.mark.parametrize("link", ["", "not a link", "https://[", "https://"])
def test_what_is_not_a_link_is_no_platform_in_particular(link):
    assert recognise(link) == "blog"


@pytest.mark.parametrize(
    "link",
    [
        "https://x.com/jack",
        "https://twitter.com/home",
        "https://bsky.app/profile/jay.bsky.team",
        "https://t.me/durov",
    ],
)
def test_a_profile_or_home_page_is_not_a_post(link):
    assert not is_post_link(link)


@pytest.mark.parametrize("link", [link for links in SHAPES.values() for link in links])
def test_every_real_post_shape_is_a_post(link):
    assert is_post_link(link)


@pytest.mark.parametrize(
    ("shared", "kept"),
    [
        # X's share sheet adds tracking: the same post must not count twice.
        (
            "https://x.com/lotus/status/1861234567890123456?s=46&t=AbCdEf",
            "https://x.com/lotus/status/1861234567890123456",
        ),
        (
            "https://bsky.app/profile/a.bsky.social/post/3l6o#x",
            "https://bsky.app/profile/a.bsky.social/post/3l6o",
        ),
        ("https://t.me/freewugan/12?single", "https://t.me/freewugan/12"),
        # Where the query names the post, it stays.
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        ),
        ("https://example.org/blog?p=12", "https://example.org/blog?p=12"),
    ],
)
def test_tracking_is_cut_where_the_path_names_the_post(shared, kept):
    assert canonical(shared) == kept
