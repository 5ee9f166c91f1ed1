"""The one start of every benchmark: the project importable, its settings, Django set up.

A benchmark is run as `python bench/NAME.py`, so this folder is first on sys.path: each
script does `import bootstrap` and `bootstrap.setup()` before it imports any model.
Unless DATABASE_URL says otherwise the benchmarks use a database of their own, whose
generated data is kept between runs.
"""

import os
import sys
from pathlib import Path

import django
from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent


def setup() -> None:
    # Scripts import one another (actions.py uses fanout.py's defenders): set up once.
    if apps.ready:
        return
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "advocacy.settings")
    os.environ.setdefault("DATABASE_URL", "postgres:///advocacy_bench")
    # Measured as in production, whatever the development .env says (`make run` writes
    # DEBUG=true): with DEBUG, Django keeps the last 9,000 queries of every connection,
    # which a worker started by a benchmark inherits too.
    os.environ["DEBUG"] = "false"
    django.setup()
