"""Security events in the log, without personal data (an account's id, never a name or an
address; no IP address)."""

import logging
import time

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

logger = logging.getLogger("rencontres.security")


@receiver(user_locked_out)
def log_lockout(sender, request, **kwargs):
    logger.warning("staff login locked out after %s failed attempts", settings.AXES_FAILURE_LIMIT)


@receiver(user_logged_in)
def start_idle_clock(sender, request, user, **kwargs):
    # The session lasts STAFF_SESSION_IDLE_TIMEOUT without activity (StaffSecurityMiddleware).
    request.session.set_expiry(settings.STAFF_SESSION_IDLE_TIMEOUT)
    request.session["activity"] = int(time.time())


def client_address(request):
    """The address django-axes counts failures for: REMOTE_ADDR, which TrustedProxyMiddleware
    has already set to the visitor's own (X-Forwarded-For believed only from TRUSTED_PROXIES);
    django-axes' default would believe any client's X-Forwarded-For."""
    return request.META.get("REMOTE_ADDR")
