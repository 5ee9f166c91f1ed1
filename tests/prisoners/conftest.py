"""Readers of the prisoners' pages, signed in or not."""

import pytest
from django.test import Client


@pytest.fixture
def reader(client, volunteer) -> Client:
    client.force_login(volunteer)
    return client


@pytest.fixture(params=["volunteer", "anonymous"])
def any_reader(request, client, volunteer) -> Client:
    """A signed-in volunteer (parts of the page kept), or someone not signed in (the
    whole page kept)."""
    if request.param == "volunteer":
        client.force_login(volunteer)
    return client
