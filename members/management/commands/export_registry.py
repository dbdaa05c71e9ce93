from django.core.management import BaseCommand, CommandError

from members.registry_io import EXPORTERS


class Command(BaseCommand):
    help = (
        "Write the whole registry as a Django fixture with natural keys (json, the default) "
        "or as a spreadsheet with one row per membership period (csv). Same data, same bytes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=sorted(EXPORTERS), default="json")
        parser.add_argument("--output", metavar="PATH", help="Write to PATH instead of stdout.")

    def handle(self, *args, format, output, **options):
        export = EXPORTERS[format]
        if output is None:
            export(Stdout(self.stdout))
            return
        try:
            # newline="" keeps the bytes exact: \n in JSON, \r\n between CSV rows.
            with open(output, "w", encoding="utf-8", newline="") as stream:
                export(stream)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from error


class Stdout:
    """The command's stdout as a plain stream: what is written goes out unchanged."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text):
        self.wrapper.write(text, ending="")
