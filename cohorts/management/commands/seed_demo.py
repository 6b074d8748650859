from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from cohorts.demo import DEMO_PASSWORD, PEOPLE, seed


class Command(BaseCommand):
    help = "Create the demo cohorts (2018, one under way, one open for applications) and the demo logins."

    def handle(self, *args, **options):
        # The demo's history (submissions, grades, attendance) goes through the services, which e-mail the
        # people concerned; those e-mails belong to the story, so they are kept in the outbox, not printed.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            created = seed()
        self.stdout.write(f"Demo data ready ({created} objects created).")
        self.stdout.write(f"Demo logins, all with the password {DEMO_PASSWORD}:")
        for email in PEOPLE:
            self.stdout.write(f"  {email}")
