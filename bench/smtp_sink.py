"""An SMTP server in a process of its own that accepts every message and keeps none.

`python bench/smtp_sink.py` listens on 127.0.0.1, on a port the system picks, and prints
that port once it listens; `running()` starts it, yields the port and stops it. Bench
code never imports tests/, so B6 has this sink instead of the tests' one.
"""

import asyncio
import contextlib
import subprocess
import sys
from collections.abc import Iterator

from aiosmtpd.handlers import Sink
from aiosmtpd.smtp import SMTP


def serve() -> None:
    """What `python -m aiosmtpd -n -c aiosmtpd.handlers.Sink` serves, on a free port."""
    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(
        loop.create_server(lambda: SMTP(Sink(), data_size_limit=None), "127.0.0.1", 0)
    )
    print(server.sockets[0].getsockname()[1], flush=True)
    loop.run_forever()


@contextlib.contextmanager
def running() -> Iterator[int]:
    """The port of a sink that runs until the block ends."""
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and this file
        [sys.executable, __file__], stdout=subprocess.PIPE, text=True
    )
    try:
        yield int(process.stdout.readline())
    finally:
        process.terminate()
        process.wait()


if __name__ == "__main__":
    serve()
