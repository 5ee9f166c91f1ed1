"""The app's own code run in a process whose DATABASE_URL leads to PgBouncer.

Started by tests/test_pgbouncer.py as `python tests/pgbouncer_client.py export` or
`... claim SLUG USER_ID...`; prints one JSON object. Settings come from the environment,
as for any process of the site (DISABLE_SERVER_SIDE_CURSORS among them).
"""

import csv
import io
import json
import os
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "advocacy.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402

from campaigns.organize import exports  # noqa: E402


def export() -> dict:
    """The prisoners' CSV, streamed as export_prisoners streams it to an organizer."""
    response = exports._csv_response(
        "prisoners", exports.PRISONER_COLUMNS, exports._prisoner_rows()
    )
    try:
        body = b"".join(response.streaming_content).decode("utf-8-sig")
    except Exception as exc:  # the error is what the test looks at
        return {"error": f"{type(exc).__name__}: {exc}"}
    rows = list(csv.reader(io.StringIO(body)))
    return {"rows": len(rows) - 1, "slugs": [row[7] for row in rows[1:]]}


def claim(slug: str, user_ids: list[int]) -> dict:
    """Every volunteer asks to defend the same prisoner at once, each on a connection
    of their own (as many gunicorn workers would); the answers' status codes."""
    users = get_user_model().objects.in_bulk(user_ids)
    clients = []
    for pk in user_ids:
        client = Client()
        client.force_login(users[pk])
        clients.append(client)
    connections.close_all()
    barrier = threading.Barrier(len(clients))
    codes: list = [None] * len(clients)

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=60)
            codes[i] = clients[i].post(f"/prisoners/{slug}/defend/").status_code
        except Exception as exc:  # a 500 raised through the test client
            codes[i] = f"{type(exc).__name__}: {exc}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return {"codes": codes}


if __name__ == "__main__":
    if sys.argv[1] == "export":
        result = export()
    else:
        result = claim(sys.argv[2], [int(pk) for pk in sys.argv[3:]])
    print(json.dumps(result))
