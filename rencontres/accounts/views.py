"""Staff accounts: set up and enter the second factor, reset a forgotten password by mail."""

import logging
from urllib.parse import urlsplit

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.admin import site as admin_site
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login

from . import twofactor
from .forms import CodeForm

logger = logging.getLogger(__name__)
LOGIN_URL = reverse_lazy("admin:login")


def _next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("admin:index")


def _context(request, **context):
    return {**admin_site.each_context(request), "next": _next(request), **context}


@never_cache
@login_required(login_url=LOGIN_URL)
def setup(request):
    """A new authenticator: its QR code (drawn here, no outside service), then one code."""
    if twofactor.confirmed_devices(request.user).exists() and not request.user.is_verified():
        return redirect(f"{reverse('accounts:verify')}?{request.GET.urlencode()}")
    device = twofactor.pending_device(request.user)
    form = CodeForm(request.POST or None, device=device)
    if form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        logger.info("staff account %s set up two-factor authentication", request.user.pk)
        messages.success(request, _("Two-factor authentication is set up."))
        return redirect(_next(request))
    if form.errors:
        logger.warning("wrong second-factor code at set-up for staff account %s", request.user.pk)
    secret = device.config_url.split("secret=")[1].split("&")[0]
    qr = segno.make(device.config_url, error="m").svg_data_uri(scale=5)
    context = _context(
        request, form=form, qr=qr, secret=secret, title=_("Set up two-factor authentication")
    )
    return render(request, "accounts/setup.html", context)


@never_cache
@login_required(login_url=LOGIN_URL)
def verify(request):
    device = twofactor.confirmed_devices(request.user).first()
    if device is None:
        return redirect(f"{reverse('accounts:setup')}?{request.GET.urlencode()}")
    form = CodeForm(request.POST or None, device=device)
    if form.is_valid():
        otp_login(request, device)
        return redirect(_next(request))
    if form.errors:
        logger.warning("wrong second-factor code for staff account %s", request.user.pk)
    context = _context(request, form=form, title=_("Two-factor authentication"))
    return render(request, "accounts/verify.html", context)


class SiteURLPasswordResetForm(PasswordResetForm):
    """The link in the mail comes from SITE_URL, never from the request's Host header."""

    def save(self, **kwargs):
        site = urlsplit(settings.SITE_URL)
        kwargs.update(domain_override=site.netloc, use_https=site.scheme == "https")
        return super().save(**kwargs)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = SiteURLPasswordResetForm
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        # The same answer whether the address has an account or not; nothing personal logged.
        logger.info("password reset asked")
        return super().form_valid(form)


def locked_out(request, response, credentials):
    """django-axes' answer once a login is locked (AXES_LOCKOUT_CALLABLE), in the back-office's
    French."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = _context(request, minutes=minutes, title=_("Login locked"))
    return render(request, "accounts/locked_out.html", context, status=429)
