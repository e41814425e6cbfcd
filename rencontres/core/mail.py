"""Mail written to disk when no SMTP server is configured (development, demos)."""

import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone


class EmlFileBackend(BaseEmailBackend):
    """One .eml file per message in the folder `path` (MAILERS OPTIONS), openable in any
    mail client."""

    def __init__(self, *, path, **kwargs):
        super().__init__(**kwargs)
        self.path = Path(path)

    def send_messages(self, email_messages):
        folder = self.path
        folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            path = folder / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
            path.write_bytes(message.message().as_bytes())
        return len(email_messages)
