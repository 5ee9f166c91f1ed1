"""`manage.py backup` and `manage.py restore_check` (README "Backups"), for real: pg_dump
and pg_restore against the test database holding committed rows and a photo, restored
into a scratch database of the same server.

A restore check passes on a fresh backup, and fails (exit status 1, one line saying why)
on a dump whose checksum no longer matches, on a truncated dump whose manifest was made
to match (pg_restore itself fails), and on a manifest whose row count was altered
(the table is named). Only older sets of the same database are deleted, and only once
a new set is complete. No scratch database outlives a check.
"""

import datetime
import hashlib
import json
import os
import stat
import tarfile

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from campaigns.models import Adoption
from prisoners.models import Prisoner
from tests.conftest import defend
from tests.manage_process import PROJECT, manage

pytestmark = pytest.mark.django_db(transaction=True)

PHOTO = b"\xff\xd8\xff\xe0 not really a jpeg, but bytes to keep"


@pytest.fixture
def backup_dir(settings, tmp_path):
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "prisoners").mkdir(parents=True)
    (settings.MEDIA_ROOT / "prisoners" / "photo.jpg").write_bytes(PHOTO)
    return settings.BACKUP_DIR


@pytest.fixture
def data(make_prisoner, make_user):
    # Committed (a transactional test): pg_dump, another session, sees these rows.
    prisoners = [make_prisoner() for _ in range(3)]
    volunteer = make_user()
    defend(volunteer, prisoners[0])
    return prisoners


def scratch_databases() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s",
            [connection.settings_dict["NAME"] + r"\_restore\_check\_%"],
        )
        return [row[0] for row in cursor.fetchall()]


def only_set(directory):
    (manifest,) = directory.glob("*.json")
    return manifest, json.loads(manifest.read_text())


def rewrite(manifest, data) -> None:
    manifest.write_text(json.dumps(data))


def fix_sha(manifest, data, path) -> None:
    data["dump_sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    rewrite(manifest, data)


def restore_check_fails() -> str:
    with pytest.raises(CommandError) as failure:
        call_command("restore_check")
    assert scratch_databases() == []
    return str(failure.value)


def test_a_fresh_backup_restores_with_the_same_rows_and_photos(backup_dir, data, capsys):
    call_command("backup")
    manifest, saved = only_set(backup_dir)
    stem = manifest.name.removesuffix(".json")
    assert stem.startswith(connection.settings_dict["NAME"] + "-")
    assert sorted(path.name for path in backup_dir.iterdir()) == [
        f"{stem}.dump",
        f"{stem}.json",
        f"{stem}.media.tar.gz",
    ]
    assert saved["rows"]["public.prisoners_prisoner"] == Prisoner.objects.count() == 3
    assert saved["rows"]["public.campaigns_adoption"] == Adoption.objects.count() == 1
    assert saved["migrations"]["prisoners"].startswith("00")
    assert saved["media_files"] == ["prisoners/photo.jpg"]
    with tarfile.open(backup_dir / f"{stem}.media.tar.gz") as archive:
        assert archive.extractfile("prisoners/photo.jpg").read() == PHOTO
    # Volunteers' addresses are in there: the owner's alone.
    assert stat.S_IMODE(backup_dir.stat().st_mode) == 0o700
    assert {stat.S_IMODE(path.stat().st_mode) for path in backup_dir.iterdir()} == {0o600}

    call_command("restore_check")
    out = capsys.readouterr().out
    assert f"Restore check of {stem} passed" in out
    assert f"{len(saved['rows'])} tables, {sum(saved['rows'].values())} rows and 1 media" in out
    assert scratch_databases() == []


def test_a_dump_that_no_longer_matches_its_checksum_fails(backup_dir, data):
    call_command("backup")
    dump = next(backup_dir.glob("*.dump"))
    damaged = bytearray(dump.read_bytes())
    damaged[len(damaged) // 2] ^= 0xFF
    dump.write_bytes(bytes(damaged))
    assert restore_check_fails().endswith(
        f"{dump.name} does not match its sha256 in {dump.stem}.json"
    )


def test_a_truncated_dump_fails_in_pg_restore_itself(backup_dir, data):
    call_command("backup")
    manifest, saved = only_set(backup_dir)
    dump = next(backup_dir.glob("*.dump"))
    dump.write_bytes(dump.read_bytes()[: dump.stat().st_size * 2 // 3])
    fix_sha(manifest, saved, dump)
    assert "restore check failed: pg_restore failed: " in restore_check_fails()


def test_a_row_count_that_differs_fails_naming_the_table(backup_dir, data, capsys):
    call_command("backup")
    manifest, saved = only_set(backup_dir)
    saved["rows"]["public.prisoners_prisoner"] = 4
    rewrite(manifest, saved)
    assert restore_check_fails().endswith("other row counts in public.prisoners_prisoner")
    table = capsys.readouterr().err.splitlines()
    assert table[0].split() == ["table", "manifest", "restored"]
    assert table[1].split() == ["public.prisoners_prisoner", "4", "3"]


def test_a_photo_missing_from_the_archive_fails(backup_dir, data):
    call_command("backup")
    manifest, saved = only_set(backup_dir)
    saved["media_files"].append("prisoners/another.jpg")
    rewrite(manifest, saved)
    assert restore_check_fails().endswith("does not hold the files its manifest lists")


def test_no_backup_at_all_fails(backup_dir, db):
    assert restore_check_fails().endswith(
        f"no complete backup of {connection.settings_dict['NAME']} in {backup_dir}"
    )


def fake_set(directory, name: str, when: datetime.datetime) -> list:
    stem = f"{name}-{when.strftime('%Y%m%dT%H%M%SZ')}"
    paths = [directory / f"{stem}.{end}" for end in ("json", "dump", "media.tar.gz")]
    for path in paths:
        path.write_text("{}")
    return paths


def test_only_the_newest_sets_of_this_database_are_kept(backup_dir, data):
    backup_dir.mkdir()
    name = connection.settings_dict["NAME"]
    day = datetime.datetime(2026, 1, 1, 3, 15, tzinfo=datetime.UTC)
    older = [fake_set(backup_dir, name, day + datetime.timedelta(days=n)) for n in range(3)]
    other_database = fake_set(backup_dir, "other", day)
    unrelated = backup_dir / "notes.txt"
    unrelated.write_text("kept")

    call_command("backup", keep=2)

    manifests = sorted(path.name for path in backup_dir.glob(f"{name}-*.json"))
    assert len(manifests) == 2
    assert manifests[0] == older[2][0].name  # the newest old set, and the new one
    assert not any(path.exists() for old in older[:2] for path in old)
    assert all(path.exists() for path in [*older[2], *other_database, unrelated])


def test_a_backup_that_fails_deletes_nothing_and_leaves_no_partial_set(
    backup_dir, data, monkeypatch
):
    backup_dir.mkdir()
    name = connection.settings_dict["NAME"]
    day = datetime.datetime(2026, 1, 1, 3, 15, tzinfo=datetime.UTC)
    older = [fake_set(backup_dir, name, day + datetime.timedelta(days=n)) for n in range(3)]
    before = sorted(backup_dir.iterdir())
    monkeypatch.setenv("PATH", str(backup_dir / "no-pg-dump-here"))  # pg_dump not found

    with pytest.raises(CommandError, match=r"backup failed: .*pg_dump"):
        call_command("backup", keep=1)

    assert sorted(backup_dir.iterdir()) == before
    assert all(path.exists() for old in older for path in old)


def environment(backup_dir) -> dict[str, str]:
    db = connection.settings_dict
    host = f"{db['HOST']}:{db['PORT']}" if db["HOST"] else ""
    user = f"{db['USER']}@" if db["USER"] else ""
    return {
        "DATABASE_URL": f"postgres://{user}{host}/{db['NAME']}",
        "BACKUP_DIR": str(backup_dir),
        "BACKUP_KEEP": "3",
        "MEDIA_ROOT": str(backup_dir.parent / "media"),
    }


def test_the_commands_exit_non_zero_with_one_line_on_a_damaged_dump(backup_dir, data):
    env = environment(backup_dir)
    made = manage("backup", **env)
    assert made.returncode == 0, made.stderr
    assert "keeping the newest 3" in made.stdout
    checked = manage("restore_check", **env)
    assert (checked.returncode, checked.stderr) == (0, ""), checked.stderr

    manifest, saved = only_set(backup_dir)
    dump = next(backup_dir.glob("*.dump"))
    os.truncate(dump, dump.stat().st_size // 2)
    fix_sha(manifest, saved, dump)
    checked = manage("restore_check", **env)
    assert checked.returncode == 1
    (line,) = checked.stderr.splitlines()
    assert line.startswith("CommandError: restore check failed: pg_restore failed: ")
    assert scratch_databases() == []


SHOW_BACKUP_SETTINGS = "from django.conf import settings as s; print(s.BACKUP_DIR, s.BACKUP_KEEP)"


def test_backup_dir_is_relative_to_the_checkout_and_keep_defaults_to_14():
    shown = manage(
        "shell", "--no-imports", "-c", SHOW_BACKUP_SETTINGS, BACKUP_DIR="", BACKUP_KEEP=""
    )
    assert shown.stdout.split() == [str(PROJECT / "var" / "backups"), "14"], shown.stderr
    shown = manage("shell", "--no-imports", "-c", SHOW_BACKUP_SETTINGS, BACKUP_DIR="elsewhere/sets")
    assert shown.stdout.split()[0] == str(PROJECT / "elsewhere" / "sets")


def test_keeping_no_backup_is_refused():
    refused = manage("shell", "--no-imports", "-c", SHOW_BACKUP_SETTINGS, BACKUP_KEEP="0")
    assert refused.returncode == 1
    assert "BACKUP_KEEP=0 must be 1 or more." in refused.stderr
    refused = manage("shell", "--no-imports", "-c", SHOW_BACKUP_SETTINGS, BACKUP_KEEP="all")
    assert "BACKUP_KEEP=all must be 1 or more." in refused.stderr
