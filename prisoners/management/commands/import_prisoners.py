from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from prisoners.importer import ImportFileError, decode, import_prisoners


class Command(BaseCommand):
    help = (
        "Import prisoners from a CSV file in the format of the political-prisoner/china list "
        "(Name, Gender, Date of Birth, Date of Death, Place, Sentence, Source). "
        "Running it again updates what changed and creates nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The CSV file (UTF-8, with or without BOM).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report everything, save nothing."
        )
        parser.add_argument(
            "--draft", action="store_true", help="Leave new prisoners unpublished for review."
        )

    def handle(self, *args, path, dry_run, draft, **options):
        try:
            text = decode(path.read_bytes())
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        try:
            report = import_prisoners(text, dry_run=dry_run, publish=not draft)
        except ImportFileError as exc:
            raise CommandError(f"{path}: {exc}") from exc
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(f"{path}: warning: {warning}"))
        for refusal in report.refused:
            self.stderr.write(self.style.ERROR(f"{path}: refused: {refusal}"))
        self.stdout.write(report.summary())
        if report.refused:
            raise CommandError(f"{len(report.refused)} row(s) refused; see above.")
