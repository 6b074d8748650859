from django.core.management.base import BaseCommand

from cohorts.demo import DEMO_PASSWORD, PEOPLE, seed


class Command(BaseCommand):
    help = "Create the demo cohorts (2018, one under way, one open for applications) and the demo logins."

    def handle(self, *args, **options):
        created = seed()
        self.stdout.write(f"Demo data ready ({created} objects created).")
        self.stdout.write(f"Demo logins, all with the password {DEMO_PASSWORD}:")
        for email in PEOPLE:
            self.stdout.write(f"  {email}")
