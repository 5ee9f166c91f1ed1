"""/health/ answers through nginx (what a monitor of the production site calls)."""

import json

import pytest

# The test database must exist: gunicorn reads it (the tests themselves write nothing).
pytestmark = pytest.mark.django_db(transaction=True)


def test_health_answers_through_nginx(stack):
    response = stack.get("/health/")
    assert response.status == 200
    assert json.loads(response.body)["status"] == "ok"
