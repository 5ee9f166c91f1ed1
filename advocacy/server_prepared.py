"""Statements parsed and planned once per connection: the claim's and the post's
(campaigns/writes.py) and the reads compiled once (advocacy/compiled.py).

A claim's statement of five CTEs took 0.8 ms to answer, 0.5 ms of which PostgreSQL
spent parsing and planning it again each time (issue 17): more than the rest of the
request's own work. So the first time a connection runs one it is PREPAREd on the
server, in the same round trip as its first EXECUTE, and from then on EXECUTEd by name
(0.36 ms for a claim). A PREPARE stays for the server session, whatever becomes of the
transaction it was sent in.

Only in autocommit: inside a caller's transaction (atomic() or autocommit turned off) the
text is sent, as before. The name holds a digest of the text, so a server session that
has the name has this very statement. Where the server session is not the connection's
own (PgBouncer in transaction mode, README "Scaling") a statement turns out missing or
already there: the process then stops preparing (said once in the log) and sends the
text, as before.
"""

import functools
import hashlib
import logging

from django.db import DatabaseError, connection

logger = logging.getLogger(__name__)

# What the server answers when its session is not the one the statements were prepared
# in: no such statement, one by that name already, a plan whose columns changed since.
UNUSABLE = {"26000", "42P05", "0A000"}
_preparing = {"on": True}
# Reads the server would not prepare (a parameter whose type it cannot tell on its own):
# sent as text.
_refused: set[str] = set()


@functools.cache
def _forms(label: str, sql: str) -> tuple[str, str, str]:
    """(name, PREPARE of `sql` with $n parameters, EXECUTE with %s ones) of a statement
    whose only placeholders are %s (the text goes through psycopg2's interpolation)."""
    name = f"{label}_{hashlib.sha256(sql.encode()).hexdigest()[:24]}"
    pieces = sql.split("%s")
    numbered = pieces[0] + "".join(f"${n}{piece}" for n, piece in enumerate(pieces[1:], 1))
    prepare = f"PREPARE {name} AS {numbered.replace('%', '%%')};\n"
    # A statement without parameters is EXECUTEd by its name alone: "name()" is a
    # syntax error, which made such reads fall back to text for good.
    marks = ", ".join(["%s"] * (len(pieces) - 1))
    execute = f"EXECUTE {name}({marks})" if marks else f"EXECUTE {name}"
    return name, prepare, execute


def _known() -> set:
    """The names prepared on this connection (a new connection starts with none)."""
    raw = connection.connection
    known = getattr(connection, "_prepared_writes", None)
    if known is None or known[0] is not raw:
        known = connection._prepared_writes = (raw, set())
    return known[1]


# Before an EXECUTE, in the same round trip and for it alone (the implicit transaction
# of a query string of several statements): its plan made once for any values.
GENERIC = "SET LOCAL plan_cache_mode = force_generic_plan;\n"


def execute(cursor, label: str, sql: str, params: list, *, generic: bool = False) -> None:
    """cursor.execute(sql, params), by a statement prepared on the server when it can be.
    `generic`: run with the plan PostgreSQL made once for any values, even where it
    guesses that one made for these values would be cheaper (`Compiled(generic=True)`)."""
    if not _preparing["on"] or connection.in_atomic_block or not connection.get_autocommit():
        cursor.execute(sql, params)
        return
    name, prepare, run = _forms(label, sql)
    if generic:
        run = GENERIC + run
    known = _known()
    first = name not in known
    known.add(name)  # prepared even if what follows the PREPARE fails (a lost race)
    try:
        cursor.execute(prepare + run if first else run, params)
    except DatabaseError as exc:
        if getattr(exc.__cause__, "pgcode", None) not in UNUSABLE:
            raise
        _preparing["on"] = False
        logger.warning(
            "The server does not keep prepared statements (%s): statements are sent as "
            "text from now on. Behind PgBouncer in transaction mode, that is expected.",
            exc.__cause__.pgcode,
        )
        cursor.execute(sql, params)


def read(cursor, label: str, sql: str, params: list, *, generic: bool = False) -> None:
    """A read by `execute`, except that one the server refuses to prepare (an error of
    class 42: a parameter whose type it cannot tell alone) runs again as text, which is
    harmless for a read, and as text from then on. A text with a literal "%" is sent as
    it is (`_forms` numbers every "%s")."""
    name = _forms(label, sql)[0]
    if name in _refused or "%%" in sql:
        cursor.execute(sql, params)
        return
    try:
        execute(cursor, label, sql, params, generic=generic)
    except DatabaseError as exc:
        if not str(getattr(exc.__cause__, "pgcode", "") or "").startswith("42"):
            raise
        _refused.add(name)
        cursor.execute(sql, params)
