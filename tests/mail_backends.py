"""An e-mail backend for the worker tests: the file backend, slowed down for one address.

The first message to an address containing "slow" announces itself with a marker file and then hangs, so a
test can kill the worker while it is surely in the middle of that send.
"""

import time
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.filebased import EmailBackend


class HangOnceFileBackend(EmailBackend):
    def send_messages(self, email_messages):
        for message in email_messages:
            if any("slow" in address for address in message.to):
                marker = Path(settings.EMAIL_FILE_PATH) / "in-flight.marker"
                if not marker.exists():
                    marker.write_text(message.extra_headers.get("X-Outbox-Message", ""))
                    time.sleep(600)
        return super().send_messages(email_messages)
