"""Cut a connection at its deadline, whatever it waits for.

Socket timeouts are per read: a server dripping its headers a byte at a time would keep
a check waiting for ever. One thread per process watches every request's deadline (a
thread per request cost more than the request itself on a loaded machine: B8).
"""

import contextlib
import heapq
import itertools
import os
import socket
import threading
import time


class Watch:
    __slots__ = ("cancelled", "connection", "fired")

    def __init__(self, connection):
        self.connection = connection
        self.cancelled = False
        self.fired = False

    def cancel(self) -> None:
        self.cancelled = True
        self.connection = None

    def _cut(self) -> None:
        connection = self.connection
        if self.cancelled or connection is None:
            return
        self.fired = True
        sock = connection.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


class _Watcher:
    def __init__(self):
        self._lock = threading.Condition()
        self._heap: list = []
        self._order = itertools.count()
        self._pid = None

    def watch(self, connection, remaining: float) -> Watch:
        """Cut `connection` in `remaining` seconds unless the returned watch is cancelled."""
        watch = Watch(connection)
        deadline = time.monotonic() + remaining
        with self._lock:
            if self._pid != os.getpid():  # first use, or a forked worker process
                self._pid = os.getpid()
                self._heap = []
                threading.Thread(target=self._run, name="linkcheck-watchdog", daemon=True).start()
            earliest = self._heap[0][0] if self._heap else None
            heapq.heappush(self._heap, (deadline, next(self._order), watch))
            if earliest is None or deadline < earliest:
                self._lock.notify()
        return watch

    def _run(self) -> None:
        with self._lock:
            while True:
                # Cancelled watches leave the top of the heap all at once, so the thread
                # wakes about once per deadline of a request still running.
                while self._heap and self._heap[0][2].cancelled:
                    heapq.heappop(self._heap)
                if not self._heap:
                    self._lock.wait()
                    continue
                deadline, _, watch = self._heap[0]
                wait = deadline - time.monotonic()
                if wait > 0:
                    self._lock.wait(wait)
                    continue
                heapq.heappop(self._heap)
                watch._cut()


watch = _Watcher().watch
