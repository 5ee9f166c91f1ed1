import pytest

from tests.campaigns.processes import database_url
from tests.deploy.stack import Stack


@pytest.fixture(scope="package")
def stack(django_db_setup, django_db_blocker, tmp_path_factory):
    """nginx and gunicorn as deploy/ ships them, over the test database; one for all the
    tests of this package (they only read, and the cache is emptied between tests)."""
    with django_db_blocker.unblock():
        url = database_url()
    running = Stack(tmp_path_factory.mktemp("deploy"), url)
    try:
        yield running.start()
    finally:
        running.stop()
