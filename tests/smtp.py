"""A real SMTP server for tests (aiosmtpd), listening on 127.0.0.1.

The sink accepts everything unless scripted: `sink.answer_data("421 ...", times=3)`
makes the next three DATA commands fail with that answer, `sink.refuse_recipient(addr,
"550 ...")` refuses an address at RCPT for good. `SMTPServer(start=False)` reserves a
port with nothing listening on it (connections are refused) until `start()`; `stop()`
refuses connections again.
"""

import collections
import email
import email.policy
import socket
import threading
import time
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Sink:
    """Keeps every message it accepts, parsed; answers as scripted."""

    def __init__(self):
        self.messages: list[EmailMessage] = []
        # Every DATA command received, accepted or not, and the answer it got.
        self.data_attempts: list[tuple[list[str], str]] = []
        self._data_answers: collections.deque[str] = collections.deque()
        self._refused: dict[str, str] = {}
        self._arrived = threading.Condition()
        # The SMTP sessions (one per client connection) that sent at least one RCPT.
        self._sessions: list = []

    @property
    def connections(self) -> int:
        """How many connections delivered (or tried to deliver) a message."""
        with self._arrived:
            return len(self._sessions)

    def answer_data(self, answer: str, times: int = 1) -> None:
        """The next `times` DATA commands get `answer` (e.g. "421 Try later")."""
        with self._arrived:
            self._data_answers.extend([answer] * times)

    def refuse_recipient(self, address: str, answer: str = "550 5.1.1 No such user") -> None:
        with self._arrived:
            self._refused[address.lower()] = answer

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self._arrived:
            if not any(seen is session for seen in self._sessions):
                self._sessions.append(session)  # kept alive: identities stay unique
            refused = self._refused.get(address.lower())
        if refused:
            return refused
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self._arrived:
            answer = self._data_answers.popleft() if self._data_answers else ""
            self.data_attempts.append((list(envelope.rcpt_tos), answer or "250"))
            if answer:
                return answer
            message = email.message_from_bytes(envelope.content, policy=email.policy.default)
            self.messages.append(message)
            self._arrived.notify_all()
        return "250 Message accepted"

    def wait_for(self, count: int = 1, timeout: float = 15) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        with self._arrived:
            while len(self.messages) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{len(self.messages)} of {count} emails arrived")
                self._arrived.wait(left)
            return list(self.messages)


class SMTPServer:
    def __init__(self, start: bool = True):
        self.sink = Sink()
        self.port = free_port()
        self._start_on_enter = start
        self.controller = None

    @property
    def running(self) -> bool:
        return self.controller is not None

    def start(self) -> None:
        if self.controller is None:
            self.controller = Controller(self.sink, hostname="127.0.0.1", port=self.port)
            self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def __enter__(self):
        if self._start_on_enter:
            self.start()
        return self

    def __exit__(self, *exc):
        self.stop()


def text_and_html(message: EmailMessage) -> tuple[str, str]:
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    return (text.get_content() if text else "", html.get_content() if html else "")
