import socket


def test_health_is_200_when_database_redis_and_outbox_are_fine(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "down": [],
        "database": "ok",
        "redis": "ok",
        "outbox": "ok",
        "beat": "never",
    }


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once the socket is closed


def test_health_is_503_naming_redis_when_it_is_down(client, db, settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{_closed_port()}/0"
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["down"] == ["redis"]
    assert response["Cache-Control"].startswith("max-age=0")
