from django.core.management.base import BaseCommand

from projects.models import Project
from seed.case import load_case


class Command(BaseCommand):
    help = (
        "Load the real case (project RUN/479/2024 and the decision of Regionala "
        "utvecklingsnämnden 2025-05-13). Safe to run again: it changes only what differs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only load when the database holds no project yet (as `make run` does).",
        )

    def handle(self, *args, **options):
        if options["if_empty"] and Project.objects.exists():
            self.stdout.write("The database already holds projects; the case was not loaded.")
            return
        counter = load_case()
        self.stdout.write(
            self.style.SUCCESS(
                f"The case RUN/479/2024 is loaded: {counter.created} records created, "
                f"{counter.changed} updated, {counter.unchanged} already as in the record."
            )
        )
