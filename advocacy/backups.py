"""Backups (README "Backups"): one set = a pg_dump, a media archive and a manifest.

`make_backup` dumps the database with pg_dump's custom format from a snapshot exported
by a REPEATABLE READ transaction, and counts every table's rows in that same snapshot:
the counts in the manifest are exactly what the dump holds. The media directory goes
into a tar.gz. Each file is written under a temporary name and renamed when complete;
the manifest comes last, so a set without one is incomplete and never read. Only then
are the sets beyond BACKUP_KEEP deleted.

`check_latest` restores the newest complete set into a scratch database, compares the
row counts table by table with the manifest, lists the media archive, and drops the
scratch database whatever happened.
"""

import datetime
import hashlib
import json
import os
import re
import subprocess
import tarfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.db import connection

FORMAT = 1
STAMP = "%Y%m%dT%H%M%SZ"
CHUNK = 1024 * 1024
# Temporary files of a backup that died are removed by a later one after this long.
STALE_TEMP_SECONDS = 24 * 3600
# The user tables pg_dump dumps: every schema but the system's.
TABLES_SQL = """
    SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg\\_toast%%' AND n.nspname NOT LIKE 'pg\\_temp\\_%%'
    ORDER BY 1, 2
"""


class BackupError(Exception):
    """Why a backup or a restore check failed, in one line for the operator."""


@dataclass(frozen=True)
class BackupSet:
    manifest: Path

    @property
    def stem(self) -> str:
        return self.manifest.name.removesuffix(".json")

    @property
    def dump(self) -> Path:
        return self.manifest.with_name(f"{self.stem}.dump")

    @property
    def media(self) -> Path:
        return self.manifest.with_name(f"{self.stem}.media.tar.gz")

    def files(self) -> list[Path]:
        # The manifest first: a set half deleted is incomplete, never a broken set.
        return [self.manifest, self.dump, self.media]


def database_name() -> str:
    return connection.settings_dict["NAME"]


def set_pattern(name: str) -> re.Pattern:
    return re.compile(rf"{re.escape(name)}-(\d{{8}}T\d{{6}}Z)\.json")


def complete_sets(directory: Path, name: str) -> list[BackupSet]:
    """This database's sets in `directory`, oldest first (the stamp sorts as the time)."""
    pattern = set_pattern(name)
    if not directory.is_dir():
        return []
    found = [path for path in directory.iterdir() if pattern.fullmatch(path.name)]
    return [BackupSet(path) for path in sorted(found, key=lambda path: path.name)]


def pg_environment() -> dict[str, str]:
    """libpq's variables for pg_dump and pg_restore, from settings.DATABASES: the password
    travels in the environment, never on a command line that `ps` shows."""
    db = connection.settings_dict
    given = {
        "PGHOST": db.get("HOST"),
        "PGPORT": str(db.get("PORT") or ""),
        "PGUSER": db.get("USER"),
        "PGPASSWORD": db.get("PASSWORD"),
        "PGDATABASE": db.get("NAME"),
        "PGSSLMODE": db.get("OPTIONS", {}).get("sslmode"),
    }
    return {**os.environ, **{key: value for key, value in given.items() if value}}


def run(command: list[str], env: dict[str, str]) -> None:
    # Our own fixed commands (pg_dump, pg_restore) with paths we built: no shell.
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        why = lines[0] if lines else f"exit status {result.returncode}"
        raise BackupError(f"{command[0]} failed: {why}")


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def new_connection(dbname: str | None = None):
    """A psycopg connection of its own, beside Django's (to another database if named)."""
    params = connection.get_connection_params()
    if dbname:
        params["dbname"] = dbname
    return connection.get_new_connection(params)


def count_rows(cursor) -> dict[str, int]:
    cursor.execute(TABLES_SQL)
    counts = {}
    for schema, table in cursor.fetchall():
        quoted = f"{connection.ops.quote_name(schema)}.{connection.ops.quote_name(table)}"
        cursor.execute(f"SELECT count(*) FROM {quoted}")  # noqa: S608 (quoted names)
        counts[f"{schema}.{table}"] = cursor.fetchone()[0]
    return counts


def latest_migrations(cursor) -> dict[str, str]:
    cursor.execute("SELECT to_regclass('django_migrations') IS NOT NULL")
    if not cursor.fetchone()[0]:
        return {}
    cursor.execute(
        "SELECT DISTINCT ON (app) app, name FROM django_migrations ORDER BY app, id DESC"
    )
    return dict(cursor.fetchall())


def media_files(root: Path) -> list[str]:
    """The regular files below MEDIA_ROOT, as paths relative to it, sorted."""
    if not root.is_dir():
        return []
    found = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for file in files:
            path = Path(folder) / file
            if path.is_file() and not path.is_symlink():
                found.append(path.relative_to(root).as_posix())
    return sorted(found)


def write_media_archive(root: Path, names: list[str], target: Path) -> None:
    with tarfile.open(target, "w:gz") as archive:
        for name in names:
            archive.add(root / name, arcname=name, recursive=False)


def synced(path: Path) -> None:
    with path.open("rb") as stream:
        os.fsync(stream.fileno())


def make_backup(*, directory: Path, keep: int, media_root: Path, now=None) -> BackupSet:
    """Write one complete set into `directory`, then keep only the newest `keep` sets."""
    name = database_name()
    now = now or datetime.datetime.now(datetime.UTC)
    # Backups hold volunteers' addresses: the directory and files are the owner's alone.
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    backup = BackupSet(directory / f"{name}-{now.strftime(STAMP)}.json")
    if any(path.exists() for path in backup.files()):
        raise BackupError(f"{backup.stem} exists already: one backup a second at most")
    temporary = {path: path.with_name(f".{path.name}.tmp-{os.getpid()}") for path in backup.files()}
    started = time.monotonic()
    try:
        for path in temporary.values():
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        manifest = dump_in_snapshot(temporary[backup.dump])
        names = media_files(media_root)
        write_media_archive(media_root, names, temporary[backup.media])
        manifest.update(
            format=FORMAT,
            created=now.isoformat(timespec="seconds"),
            database=name,
            dump=backup.dump.name,
            dump_sha256=sha256(temporary[backup.dump]),
            media=backup.media.name,
            media_sha256=sha256(temporary[backup.media]),
            media_files=names,
            seconds=round(time.monotonic() - started, 1),
        )
        temporary[backup.manifest].write_text(json.dumps(manifest, indent=1, sort_keys=True))
        for path in (backup.dump, backup.media, backup.manifest):
            synced(temporary[path])
            os.replace(temporary[path], path)
    finally:
        for path in temporary.values():
            path.unlink(missing_ok=True)
    prune(directory, name, keep)
    return backup


def dump_in_snapshot(target: Path) -> dict:
    """pg_dump into `target` from one snapshot, and the row counts of that snapshot."""
    snapshot_holder = new_connection()
    try:
        snapshot_holder.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with snapshot_holder.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = count_rows(cursor)
            migrations = latest_migrations(cursor)
            # The exporting transaction stays open until pg_dump has read its snapshot.
            run(
                ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
                pg_environment(),
            )
        snapshot_holder.rollback()
    finally:
        snapshot_holder.close()
    return {"rows": counts, "migrations": migrations}


def prune(directory: Path, name: str, keep: int) -> list[BackupSet]:
    """Delete this database's sets but the newest `keep`, and stale temporary files."""
    sets = complete_sets(directory, name)
    old = sets[:-keep] if keep < len(sets) else []
    for backup in old:
        for path in backup.files():
            path.unlink(missing_ok=True)
    stale = time.time() - STALE_TEMP_SECONDS
    for path in directory.glob(f".{name}-*.tmp-*"):
        if path.stat().st_mtime < stale:
            path.unlink(missing_ok=True)
    return old
