"""campaigns.post_rows writes templates/campaigns/_post_row.html's very markup (issue 17)."""

import datetime

import pytest
from django.template.loader import get_template
from django.utils import timezone, translation

from campaigns import post_rows
from campaigns.models import Post

LONG = "A long text, <b>bold</b> & “quoted” 's " * 20


@pytest.mark.parametrize("language", ["en", "zh-hans", "zh-hant"])
@pytest.mark.parametrize("zone", ["UTC", "Asia/Shanghai", "America/Los_Angeles"])
def test_a_row_is_the_templates_row(volunteer, prisoner, language, zone):
    moment = datetime.datetime(2026, 3, 8, 9, 30, 15, 123456, tzinfo=datetime.UTC)
    posts = [
        Post.objects.create(
            volunteer=volunteer,
            prisoner=prisoner,
            platform="x",
            link='https://x.com/lotus/status/1?a=1&b="2"',
            text=LONG,
            posted_at=moment,
        ),
        Post.objects.create(
            volunteer=volunteer,
            prisoner=prisoner,
            platform="letter",
            text="A letter to <the> prison & its director, five words at least.",
            posted_at=moment - datetime.timedelta(days=200),
        ),
        Post.objects.create(
            volunteer=volunteer, prisoner=prisoner, platform="bluesky", link="https://bsky.app/x"
        ),
    ]
    template = get_template(post_rows.TEMPLATE)
    with translation.override(language), timezone.override(zone):
        for post in Post.objects.filter(pk__in=[p.pk for p in posts]).select_related("prisoner"):
            expected = template.render({"post": post})
            assert post_rows.row(post) == expected
        # A post without its prisoner (none in the table: the template has the case).
        alone = Post(pk=7, platform="weibo", link="https://weibo.com/1", posted_at=moment)
        assert post_rows.row(alone) == template.render({"post": alone})
        assert str(post_rows.rows(posts)) == "".join(template.render({"post": p}) for p in posts)
