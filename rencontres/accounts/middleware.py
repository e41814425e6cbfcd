"""Staff sessions: the second factor before any page, and expiry after inactivity."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from . import twofactor


class StaffSecurityMiddleware:
    """After AuthenticationMiddleware and django-otp's OTPMiddleware.

    A logged-in account that must confirm its login with a code (see `twofactor.applies`)
    reaches only the pages to set up or enter that code, and logging out, until it has. Activity of
    a logged-in account pushes its session's expiry STAFF_SESSION_IDLE_TIMEOUT seconds ahead, so a session left alone that long ends (participants' spaces have no
    account and keep their own lifetime)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            # Written at most once a minute, not on every request.
            now = int(time.time())
            if now - request.session.get("activity", 0) >= 60:
                request.session.set_expiry(settings.STAFF_SESSION_IDLE_TIMEOUT)
                request.session["activity"] = now
            if not user.is_verified() and twofactor.applies(user) and not _exempt(request):
                has_device = twofactor.confirmed_devices(user).exists()
                target = reverse("accounts:verify" if has_device else "accounts:setup")
                return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


EXEMPT = {"accounts:setup", "accounts:verify", "admin:logout", "admin:jsi18n"}


def _exempt(request):
    try:
        name = resolve(request.path_info).view_name
    except Resolver404:
        return True
    return name in EXEMPT
