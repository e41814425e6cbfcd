"""The one way back-office pages and actions check a named permission.

Custom views behind a ModelAdmin's `get_urls()`:

    @permission_required("program.run_cafes")
    def run_view(self, request, pk): ...

Admin actions (`@admin.action(permissions=["export"])` asks the ModelAdmin for
`has_export_permission`):

    has_export_permission = has_permission("registration.export_registration")

Both leave the permission on the view or check (`required_permissions`), so that the test
walking every back-office URL knows what each page needs (core/tests/test_permissions.py).

The page's objects, named by its URL (`pk` or `object_id`: the ModelAdmin's model;
`<model>_id`: that model, e.g. `edition_id`, `run_id` → ScheduleRun), must belong to the
user's organisers (404 otherwise), and the permissions are checked for their organiser
(rencontres/organisers/scoping.py).
"""

import functools

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404


def permission_required(*perms):
    """Refuse (403) a ModelAdmin view method unless the user has every permission in `perms`
    ("app.codename") for the organiser of the objects its URL names (404 if they are not the
    user's organisers'). Put it under `admin_site.admin_view`, which checks staff first."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(model_admin, request, *args, **kwargs):
            if not request.user.has_perms(perms):
                raise PermissionDenied
            for obj in _url_objects(model_admin, request.user, kwargs):
                if not request.user.has_perms(perms, obj):
                    raise PermissionDenied
            return view(model_admin, request, *args, **kwargs)

        wrapped.required_permissions = perms
        return wrapped

    return decorator


def _url_objects(model_admin, user, kwargs):
    from rencontres.organisers.scoping import model_for, scope

    if user.is_superuser:
        return  # every object is theirs; the view itself answers 404 for a missing one
    for name, value in kwargs.items():
        if name in ("pk", "object_id"):
            model = model_admin.model
        elif name.endswith("_id"):
            model = model_for(name, model_admin.model._meta.app_label)
            if model is None:
                raise ImproperlyConfigured(f"Which model is the URL parameter {name}?")
        else:
            continue
        obj = scope(model._default_manager.filter(pk=value), user).first()
        if obj is None:
            raise Http404
        yield obj


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
