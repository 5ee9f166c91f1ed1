"""`manage.py` in a process of its own: settings are read once, at start, so a test of
what an environment variable does runs the project with that environment."""

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
# Variables a developer's shell might have that would change what is tested.
UNSET_UNLESS_GIVEN = ("LOG_FORMAT", "SENTRY_DSN", "SENTRY_ENVIRONMENT")


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "LOG_LEVEL": "INFO", **env}
    for name in UNSET_UNLESS_GIVEN:
        if name not in env:
            environment.pop(name, None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
