import functools

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
