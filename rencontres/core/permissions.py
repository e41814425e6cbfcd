"""The one way back-office pages and actions check a named permission.

Custom views behind a ModelAdmin's `get_urls()`:

    @permission_required("program.run_cafes")
    def run_view(self, request, pk): ...

Admin actions (`@admin.action(permissions=["export"])` asks the ModelAdmin for
`has_export_permission`):

    has_export_permission = has_permission("registration.export_registration")

Both leave the permission on the view or check (`required_permissions`), so that the test
walking every back-office URL knows what each page needs (core/tests/test_permissions.py).
"""

import functools

from django.core.exceptions import PermissionDenied


def permission_required(*perms):
    """Refuse (403) a ModelAdmin view method unless the user has every permission in `perms`
    ("app.codename"). Put it under `admin_site.admin_view`, which checks staff first."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(model_admin, request, *args, **kwargs):
            if not request.user.has_perms(perms):
                raise PermissionDenied
            return view(model_admin, request, *args, **kwargs)

        wrapped.required_permissions = perms
        return wrapped

    return decorator


def has_permission(perm):
    """A `has_<name>_permission` method for admin actions declared with `permissions=[name]`."""

    def check(model_admin, request, obj=None):
        return request.user.has_perm(perm)

    check.required_permissions = (perm,)
    return check


class ReadOnlyAdmin:
    """A ModelAdmin mixin for records that nobody adds, edits or deletes in the back-office
    (the audit trail, printed badges, a permission-only model): they are only read there."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
