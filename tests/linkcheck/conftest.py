"""The fake platform for the censorship watch's tests.

`fake_platform` (a FakePlatform, see fakeplatform.py) is a server on loopback speaking
every endpoint the checkers ask, with its hit counters at zero. The settings point at it:
X_OEMBED_URL, BLUESKY_APPVIEW_URL and YOUTUBE_OEMBED_URL, LINK_CHECK_ALLOW_PRIVATE on
(it lives on loopback; a test turns it off to see nothing contacted), a 1 s timeout.
Politeness counters live in the cache, which tests/conftest.py empties around each test.
Links for other platforms (pages, Mastodon) are built on `fake_platform.base`.
"""

import pytest

from campaigns.linkcheck import politeness

from .fakeplatform import FakePlatform


@pytest.fixture(scope="module")
def _fake_platform_server():
    fake = FakePlatform().start()
    yield fake
    fake.stop()


@pytest.fixture
def fake_platform(_fake_platform_server, settings):
    fake = _fake_platform_server
    fake.reset()
    politeness.forget_held()
    settings.X_OEMBED_URL = f"{fake.base}/x/oembed"
    settings.BLUESKY_APPVIEW_URL = fake.base
    settings.YOUTUBE_OEMBED_URL = f"{fake.base}/youtube/oembed"
    settings.LINK_CHECK_ALLOW_PRIVATE = True
    settings.LINK_CHECK_TIMEOUT_SECONDS = 1
    settings.LINK_CHECK_MAX_BYTES = 1_000_000
    settings.LINK_CHECK_MAX_REDIRECTS = 3
    settings.LINK_CHECK_PER_HOST_PER_MINUTE = 60
    settings.LINK_CHECK_BACKOFF_SECONDS = 60
    return fake
