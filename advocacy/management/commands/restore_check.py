import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from advocacy.backups import BackupError, BackupSet
from advocacy.restore_check import check, latest


class Command(BaseCommand):
    help = (
        "Restore the newest backup in BACKUP_DIR (or the manifest named) into a scratch "
        "database, compare every table's row count with the manifest, then drop it. "
        "Exits 1 on any difference (README 'Backups')."
    )

    def add_arguments(self, parser):
        parser.add_argument("manifest", nargs="?", type=Path, help="A set's .json manifest.")
        parser.add_argument("--dir", type=Path, help="Instead of BACKUP_DIR.")

    def handle(self, *args, manifest=None, dir=None, **options):
        started = time.monotonic()
        try:
            backup = BackupSet(manifest) if manifest else latest(dir or settings.BACKUP_DIR)
            outcome = check(backup)
        except (BackupError, OSError) as error:
            raise CommandError(f"restore check failed: {error}") from error
        if outcome.differences:
            self.stderr.write(f"{'table':<50} {'manifest':>10} {'restored':>10}")
            for table, expected, restored in outcome.differences:
                self.stderr.write(f"{table:<50} {expected!s:>10} {restored!s:>10}")
            tables = ", ".join(table for table, _, _ in outcome.differences)
            raise CommandError(
                f"restore check failed: {backup.stem} restored with other row counts in {tables}"
            )
        self.stdout.write(
            f"Restore check of {backup.stem} passed: {len(outcome.restored)} tables, "
            f"{sum(outcome.restored.values())} rows and {outcome.media_files} media files "
            f"as in the manifest ({time.monotonic() - started:.1f} s; scratch database "
            f"{outcome.scratch} dropped)."
        )
