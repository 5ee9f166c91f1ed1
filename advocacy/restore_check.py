"""Restore a backup set into a scratch database and compare it with its manifest.

The scratch database is named after the source database, this process and a random
part (a suite or a check running beside this one never picks the same), created from
template0, and dropped in every case. Any difference, or any failure on the way, is a
`BackupError` whose message says why in one line.
"""

import json
import os
import secrets
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection

from .backups import (
    FORMAT,
    BackupError,
    BackupSet,
    complete_sets,
    count_rows,
    database_name,
    new_connection,
    pg_environment,
    run,
    sha256,
)

# PostgreSQL's limit on a database name, in bytes.
MAX_NAME = 63


@dataclass
class Outcome:
    backup: BackupSet
    scratch: str
    expected: dict[str, int]
    restored: dict[str, int]
    media_files: int
    differences: list[tuple[str, int | None, int | None]] = field(default_factory=list)


def latest(directory: Path) -> BackupSet:
    sets = complete_sets(directory, database_name())
    if not sets:
        raise BackupError(f"no complete backup of {database_name()} in {directory}")
    return sets[-1]


def read_manifest(backup: BackupSet) -> dict:
    try:
        manifest = json.loads(backup.manifest.read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{backup.manifest.name} cannot be read: {error}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{backup.manifest.name} is not a backup manifest of format {FORMAT}")
    return manifest


def verify_checksums(backup: BackupSet, manifest: dict) -> None:
    for path, key in ((backup.dump, "dump_sha256"), (backup.media, "media_sha256")):
        if not path.is_file():
            raise BackupError(f"{path.name} is missing")
        if sha256(path) != manifest.get(key):
            raise BackupError(f"{path.name} does not match its sha256 in {backup.manifest.name}")


def scratch_name() -> str:
    suffix = f"_restore_check_{os.getpid()}_{secrets.token_hex(4)}"
    prefix = database_name().encode()[: MAX_NAME - len(suffix)].decode(errors="ignore")
    return prefix + suffix


def admin_connection():
    """Autocommit, for CREATE and DROP DATABASE, which refuse to run in a transaction."""
    admin = new_connection()
    admin.autocommit = True
    return admin


def create_database(name: str) -> None:
    admin = admin_connection()
    try:
        with admin.cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(name)} TEMPLATE template0")
    finally:
        admin.close()


def drop_database(name: str) -> None:
    admin = admin_connection()
    try:
        with admin.cursor() as cursor:
            quoted = connection.ops.quote_name(name)
            cursor.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")
    finally:
        admin.close()


def restored_counts(dump: Path, scratch: str) -> dict[str, int]:
    run(
        ["pg_restore", "--exit-on-error", "--no-owner", f"--dbname={scratch}", str(dump)],
        pg_environment(),
    )
    restored = new_connection(scratch)
    try:
        with restored.cursor() as cursor:
            return count_rows(cursor)
    finally:
        restored.close()


def media_listing(backup: BackupSet) -> list[str]:
    try:
        with tarfile.open(backup.media, "r:gz") as archive:
            return sorted(member.name for member in archive if member.isfile())
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{backup.media.name} cannot be read: {error}") from error


def compare(expected: dict[str, int], restored: dict[str, int]):
    return [
        (table, expected.get(table), restored.get(table))
        for table in sorted(set(expected) | set(restored))
        if expected.get(table) != restored.get(table)
    ]


def check(backup: BackupSet) -> Outcome:
    """Restore `backup` into a scratch database; raise BackupError on any difference."""
    manifest = read_manifest(backup)
    verify_checksums(backup, manifest)
    listed = media_listing(backup)
    if listed != sorted(manifest.get("media_files", [])):
        raise BackupError(f"{backup.media.name} does not hold the files its manifest lists")
    scratch = scratch_name()
    create_database(scratch)
    try:
        restored = restored_counts(backup.dump, scratch)
    finally:
        drop_database(scratch)
    expected = manifest.get("rows", {})
    return Outcome(
        backup=backup,
        scratch=scratch,
        expected=expected,
        restored=restored,
        media_files=len(listed),
        differences=compare(expected, restored),
    )
