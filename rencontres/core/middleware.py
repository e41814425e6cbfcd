import contextvars
import functools
import ipaddress

from django.conf import settings
from django.utils import translation


class BackOfficeInFrenchMiddleware:
    """The organisers' back-office speaks French whatever the browser asks for.

    The public site takes its language from the URL (/ or /en/); the back-office sits outside
    those patterns, so LocaleMiddleware would follow Accept-Language instead.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/admin/"):
            translation.activate("fr")
            request.LANGUAGE_CODE = "fr"
        return self.get_response(request)


def _networks(setting):
    """TRUSTED_PROXIES as networks: "127.0.0.1, 10.0.0.0/8" → [IPv4Network…]."""
    if isinstance(setting, str):
        setting = [part for part in setting.replace(",", " ").split() if part]
    return [ipaddress.ip_network(item, strict=False) for item in setting]


def _trusted(address, networks):
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(remote_addr, forwarded_for, networks):
    """The visitor's address: X-Forwarded-For is believed only when the request comes from a
    trusted proxy, and then read from the right, skipping our own proxies, so that a visitor
    cannot choose their address by sending the header themselves."""
    if not forwarded_for or not _trusted(remote_addr, networks):
        return remote_addr
    address = remote_addr
    for hop in reversed([part.strip() for part in forwarded_for.split(",")]):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            break  # garbage in the chain: keep the last address a trusted hop vouched for
        address = hop
        if not _trusted(hop, networks):
            break
    return address


# The address of the request being served, for the audit trail (set by TrustedProxyMiddleware,
# which runs first; empty in tasks and commands).
current_address = contextvars.ContextVar("current_address", default="")


class TrustedProxyMiddleware:
    """Behind nginx every request comes from 127.0.0.1: rate limits, logs and the audit trail
    need the visitor's own address. Only proxies listed in TRUSTED_PROXIES are believed."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.networks = _networks(getattr(settings, "TRUSTED_PROXIES", []))

    def __call__(self, request):
        if self.networks:
            remote = request.META.get("REMOTE_ADDR", "")
            address = client_address(
                remote, request.META.get("HTTP_X_FORWARDED_FOR", ""), self.networks
            )
            if address != remote:
                request.META["REMOTE_ADDR"] = address
                request.META["RENCONTRES_PROXY_ADDR"] = remote
        token = current_address.set(request.META.get("REMOTE_ADDR", ""))
        try:
            return self.get_response(request)
        finally:
            current_address.reset(token)


def permissions_policy(**features):
    """Let a view use browser features that every other page refuses, e.g.
    `@permissions_policy(camera=["self"])` on the check-in scanner."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response._permissions_policy = features
            return response

        return wrapped

    return decorator


def _allowlist(origins):
    return "(" + " ".join(origin if origin == "self" else f'"{origin}"' for origin in origins) + ")"


class PermissionsPolicyMiddleware:
    """`Permissions-Policy` from the PERMISSIONS_POLICY setting (Django has no setting for it),
    with what a view allowed through `permissions_policy`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        features = {**settings.PERMISSIONS_POLICY, **getattr(response, "_permissions_policy", {})}
        if features and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = ", ".join(
                f"{name}={_allowlist(origins)}" for name, origins in features.items()
            )
        return response
