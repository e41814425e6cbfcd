"""The scoping rule applied to the whole admin site at once, so that no ModelAdmin (nor one an
app adds later) can forget it: lists, change and delete pages (through `get_queryset`),
choices in forms and filters, and admin actions (only on rows of organisers where the user
has the action's permission). Custom pages check their objects in
`core.permissions.permission_required`.
"""

import contextlib
import dataclasses
import functools

from django.contrib import admin
from django.contrib.admin.options import ActionLocation
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.auth import get_permission_codename

from . import scoping


class ForOrganiser:
    """request.user answering every permission question for one object's organiser, so that
    a ModelAdmin's own checks (a custom `has_change_permission`) hold per organiser."""

    def __init__(self, user, obj):
        self._user = user
        self._obj = obj

    def has_perm(self, perm, obj=None):
        return self._user.has_perm(perm, self._obj if obj is None else obj)

    def has_perms(self, perm_list, obj=None):
        return all(self.has_perm(perm, obj) for perm in perm_list)

    def __getattr__(self, name):
        return getattr(self._user, name)


@contextlib.contextmanager
def for_object(request, obj):
    """Within this block, request.user answers permission questions for obj's organiser."""
    if obj is None or request.user.is_superuser:
        yield
        return
    user = request.user
    request.user = ForOrganiser(user, obj)
    try:
        yield
    finally:
        request.user = user


class ScopedRelatedFilter(admin.RelatedFieldListFilter):
    """The list's filter by edition (or any scoped relation) offers only the user's own."""

    def field_choices(self, field, request, model_admin):
        related = field.related_model
        if not scoping.is_scoped(related):
            return super().field_choices(field, request, model_admin)
        ordering = self.field_admin_ordering(field, request, model_admin)
        rows = scoping.scope(related._default_manager.all(), request.user)
        if ordering:
            rows = rows.order_by(*ordering)
        return [(obj.pk, str(obj)) for obj in rows]


def scoped_form(form_class, user):
    """The form class with its choices of objects (foreign keys, many-to-many, and fields a
    form sets up itself) limited to the user's organisers."""
    if form_class is None or user.is_superuser:
        return form_class

    def __init__(self, *args, **kwargs):
        form_class.__init__(self, *args, **kwargs)
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and scoping.is_scoped(queryset.model):
                field.queryset = scoping.scope(queryset, user)

    return type(form_class.__name__, (form_class,), {"__init__": __init__})


class ScopedAdmin:
    def get_queryset(self, request):
        return scoping.scope(super().get_queryset(request), request.user)

    def get_form(self, request, obj=None, **kwargs):
        return scoped_form(super().get_form(request, obj, **kwargs), request.user)

    def get_changelist_formset(self, request, **kwargs):
        formset = super().get_changelist_formset(request, **kwargs)
        formset.form = scoped_form(formset.form, request.user)
        return formset

    def has_add_permission(self, request):
        # A new organiser would belong to no team: creating one is the superusers' job.
        if scoping.rule_for(self.model) == "pk" and not request.user.is_superuser:
            return False
        return super().has_add_permission(request)

    def has_view_permission(self, request, obj=None):
        with for_object(request, obj):
            return super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        with for_object(request, obj):
            return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if scoping.rule_for(self.model) == "pk" and not request.user.is_superuser:
            return False
        with for_object(request, obj):
            return super().has_delete_permission(request, obj)

    def get_list_filter(self, request):
        return [self._scoped_filter(entry) for entry in super().get_list_filter(request)]

    def _scoped_filter(self, entry):
        if not isinstance(entry, str):
            return entry
        field = get_fields_from_path(self.model, entry)[-1]
        if field.is_relation and scoping.is_scoped(field.related_model):
            return (entry, ScopedRelatedFilter)
        return entry

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        return {
            name: dataclasses.replace(action, func=self._scoped_action(action.func))
            for name, action in actions.items()
        }

    def _scoped_action(self, func):
        """The action runs only on the selected rows of organisers where the user has one of
        the permissions the action asks for (Django offers it to whoever has one)."""

        @functools.wraps(func)
        def action(model_admin, request, queryset):
            perms = tuple(model_admin._action_permissions(func))
            queryset = scoping.scope(queryset, request.user, perms or None)
            return func(model_admin, request, queryset)

        return action

    def _action_permissions(self, func):
        opts = self.model._meta
        for name in getattr(func, "allowed_permissions", ()):
            if name in ("add", "change", "delete", "view"):
                yield f"{opts.app_label}.{get_permission_codename(name, opts)}"
            else:
                yield from getattr(
                    getattr(self, f"has_{name}_permission"), "required_permissions", ()
                )


def _subclass(mixin, cls):
    if issubclass(cls, mixin):
        return cls
    return type(cls.__name__, (mixin, cls), {"__module__": cls.__module__})


def scope_admin_site(site):
    """Give every registered ModelAdmin (and its inlines) the scoping mixin, in place."""
    for model_admin in site._registry.values():
        model_admin.__class__ = _subclass(ScopedAdmin, type(model_admin))
        model_admin.inlines = [_subclass(ScopedInline, inline) for inline in model_admin.inlines]


class ScopedInline:
    def get_queryset(self, request):
        return scoping.scope(super().get_queryset(request), request.user)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = scoped_form(formset.form, request.user)
        return formset
