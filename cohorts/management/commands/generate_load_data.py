import time

from django.core.management.base import BaseCommand, CommandError

from cohorts.load_data import LOAD_PASSWORD, LOGINS, generate


class Command(BaseCommand):
    help = (
        "Fill the database with many years of a large program for measuring pages: at --scale 1 (the default) "
        "50 cohorts, 20,000 applications, 60,000 reviews, 10,000 candidates with 170,000 attendance marks, "
        "80,000 submissions, 100,000 portfolio items and 60,000 mentor meetings. Sends no e-mail."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Fraction of the full size, e.g. 0.01 for tests (default 1).",
        )
        parser.add_argument(
            "--cohorts", type=int, default=None, help="Number of cohorts (default: by scale)."
        )
        parser.add_argument("--seed", type=int, default=9, help="Random seed, for the same data every run.")

    def handle(self, *args, scale, cohorts, seed, verbosity, **options):
        if not 0 < scale <= 1:
            raise CommandError("--scale must be more than 0 and at most 1.")
        started = time.monotonic()
        log = self.stdout.write if verbosity > 1 else None
        try:
            counts = generate(scale=scale, cohorts=cohorts, seed=seed, log=log)
        except ValueError as error:
            raise CommandError(str(error)) from error
        for label, count in sorted(counts.items()):
            self.stdout.write(f"{label}: {count:,}")
        self.stdout.write(f"Load data written in {time.monotonic() - started:.0f} s.")
        self.stdout.write(f"Logins (password {LOAD_PASSWORD}): " + ", ".join(LOGINS.values()))
