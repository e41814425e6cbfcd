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
    """The address django-axes counts failures for. Behind the front server (https sites,
    SECURE_PROXY_SSL_HEADER), the last address of X-Forwarded-For, the one that server added;
    without it, the connection's: a client could write any X-Forwarded-For."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.SECURE_PROXY_SSL_HEADER and forwarded:
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR")
