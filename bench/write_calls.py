"""Python calls, SQL queries and Redis commands of one claim and one logged post, beside
an empty signed-in POST: B3 and B4 (bench/actions.py) in load-independent numbers.

    DATABASE_URL=postgres:///advocacy_bench SECRET_KEY=bench ALLOWED_HOSTS=testserver \\
    CACHE_URL=redis://localhost:6379/13 python bench/write_calls.py noop claim post

Run claim before post (the posts are about the prisoners just claimed). Sent urlencoded
as a browser sends the forms (bench/actions.py `browser_post`). Round trips to
Redis are counted at redis-py's socket writes (a pipeline is one), commands one by one.
SQL=1 and REDIS=1 print them; DETAIL=1 (SORT=cumulative, LIMIT=40) prints the profile.
"""

import cProfile
import gc
import os
import pstats
import sys
import time
from urllib.parse import urlencode

import bootstrap

bootstrap.setup()

import redis.connection
from django.db import connection
from django.test import override_settings

from bench.actions import browser_post, hand_back, setting_up

N = int(os.environ.get("N", "20"))
trips, commands = [], []
Connection = redis.connection.AbstractConnection
_send_packed, _send, _pack_many = (
    Connection.send_packed_command,
    Connection.send_command,
    Connection.pack_commands,
)


def send_packed(self, command, check_health=True):
    trips.append(1)
    return _send_packed(self, command, check_health)


def send(self, *args, **kwargs):
    commands.append(" ".join(str(arg)[:40] for arg in args[:3]))
    return _send(self, *args, **kwargs)


def pack_many(self, many):
    commands.extend(" ".join(str(arg)[:40] for arg in one[:3]) for one in many)
    return _pack_many(self, many)


Connection.send_packed_command, Connection.send_command = send_packed, send
Connection.pack_commands = pack_many


def main() -> None:
    people, clients, prisoners = setting_up(N + 2)
    stamp = time.time_ns()
    actions = {
        "noop": lambda i: (clients[i], "/bench/noop/", {}, 204),
        "claim": lambda i: (clients[i], f"/prisoners/{prisoners[i].slug}/defend/", {}, 302),
        "post": lambda i: (
            clients[i],
            "/me/posts/",
            {"prisoner": prisoners[i].pk, "link": f"https://x.com/b/status/{stamp}{i:06d}"},
            302,
        ),
    }
    try:
        with override_settings(ROOT_URLCONF="bench.urls", DEBUG=False):
            for client in clients:
                browser_post(client, "/bench/noop/", {})  # every session read once
            gc.collect()
            gc.freeze()
            for name in sys.argv[1:]:
                measure(name, actions[name])
    finally:
        hand_back(people)


def measure(name, action) -> None:
    client, path, data, expected = action(N)  # the first on this connection: not counted
    browser_post(client, path, data)
    client, path, data, expected = action(N + 1)
    seen = []

    def wrapper(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    trips.clear()
    commands.clear()
    with connection.execute_wrapper(wrapper):
        assert browser_post(client, path, data).status_code == expected
    one_trips, one_commands = len(trips), list(commands)
    # Encoded before the profile starts: a browser's request arrives encoded.
    calls = [(c, p, urlencode(d), e) for c, p, d, e in map(action, range(N))]
    profile = cProfile.Profile()
    start = time.perf_counter()
    profile.enable()
    for client, path, data, expected in calls:
        assert browser_post(client, path, data).status_code == expected
    profile.disable()
    took = (time.perf_counter() - start) / N
    stats = pstats.Stats(profile)
    print(
        f"{name:<6} {stats.total_calls / N:7,.0f} calls  {len(seen)} queries  "
        f"{one_trips} Redis round trips ({len(one_commands)} commands)  "
        f"{took * 1000:5.2f} ms (profiled)"
    )
    for label, lines in (("SQL", seen), ("REDIS", one_commands)):
        if os.environ.get(label):
            for line in lines:
                print(f"    {label.lower()}: {line[:160]}")
    if os.environ.get("DETAIL"):
        stats.sort_stats(os.environ.get("SORT", "tottime"))
        stats.print_stats(int(os.environ.get("LIMIT", "40")))


if __name__ == "__main__":
    main()
