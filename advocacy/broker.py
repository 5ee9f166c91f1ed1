"""Celery's Redis transport, with one redis-py client per channel for its commands.

kombu makes a new `redis.Redis` for each message it publishes (Channel.conn_or_acquire),
and redis-py 8 fills a table of some 170 response callbacks in every new client: a
third of the Python a publish cost (issue 17: logging a post enqueues its link's first
check). A client is safe to share between threads, its pool hands out the connections,
so the channel keeps one per pool (a pool kombu drops, after a fork or a reconnection,
gets a new one). The consumer's own client (Channel.client, BRPOP) is kombu's as before.
"""

from contextlib import contextmanager

from kombu.transport import redis


class Channel(redis.Channel):
    _shared_client = None

    @contextmanager
    def conn_or_acquire(self, client=None):
        if client:
            yield client
            return
        shared = self._shared_client
        if shared is None or shared.connection_pool is not self.pool:
            shared = self._shared_client = self._create_client()
        yield shared


class Transport(redis.Transport):
    Channel = Channel
