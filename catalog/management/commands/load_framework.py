from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from catalog.loading import FrameworkFileError, load_framework, read_framework_file


class Command(BaseCommand):
    help = (
        "Load framework versions from YAML files (default: every *.yaml in fixtures/). "
        "Running it again changes nothing; changed text for a version in use is refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, help="YAML files; default: fixtures/*.yaml")
        parser.add_argument("--draft", action="store_true", help="load without publishing the version")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="rewrite a loaded version whose text changed, if no assessment uses it yet",
        )

    def handle(self, *args, paths, draft, replace, **options):
        paths = paths or sorted((settings.BASE_DIR / "fixtures").glob("*.yaml"))
        if not paths:
            raise CommandError("No framework files found in fixtures/.")
        for path in paths:
            try:
                result = load_framework(read_framework_file(path), publish=not draft, replace=replace)
            except FrameworkFileError as error:
                raise CommandError(str(error)) from None
            version = result.version
            self.stdout.write(
                f"{path.name}: {version.framework.code} {version.label} {result.outcome} "
                f"({version.items.count()} items)"
            )
