from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from catalog.importing import dry_run, read_upload
from catalog.loading import FrameworkFileError, load_framework, read_framework_file


class Command(BaseCommand):
    help = (
        "Load framework versions from YAML files (default: every *.yaml in fixtures/) or, with --case, "
        "from CASE 1.1 JSON packages. Running it again changes nothing; changed text for a version in use "
        "is refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, help="YAML files; default: fixtures/*.yaml")
        parser.add_argument("--case", action="append", type=Path, default=[], help="a CASE 1.1 JSON package")
        parser.add_argument("--draft", action="store_true", help="load without publishing the version")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="show what would be new, changed or removed against the current version; save nothing",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="rewrite a loaded version whose text changed, if no assessment uses it yet",
        )

    def handle(self, *args, paths, case, draft, replace, dry_run, **options):
        if not paths and not case:
            paths = sorted((settings.BASE_DIR / "fixtures").glob("*.yaml"))
            if not paths:
                raise CommandError("No framework files found in fixtures/.")
        sources = [(path, read_framework_file) for path in paths] + [(path, read_case_file) for path in case]
        for path, read in sources:
            if dry_run:
                self._dry_run(path, read)
                continue
            try:
                result = load_framework(read(path), publish=not draft, replace=replace)
            except FrameworkFileError as error:
                raise CommandError(str(error)) from None
            version = result.version
            self.stdout.write(
                f"{path.name}: {version.framework.code} {version.label} {result.outcome} "
                f"({version.items.count()} items)"
            )

    def _dry_run(self, path, read):
        try:
            result = dry_run(read(path))
        except FrameworkFileError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"{path.name}: " + "\n".join(result.lines()))
        self.stdout.write("Dry run: nothing was saved.")


def read_case_file(path: Path) -> dict:
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise FrameworkFileError(f"{path}: cannot read: {error}") from None
    return read_upload(str(path), raw)  # JSON by its name or its first character
