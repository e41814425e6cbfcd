"""Back-office of the event day's doors: check-ins with live counters, devices, walk-ins.

Imported at the end of admin.py. Viewing needs the `onsite.check_in` permission besides
Django's view permissions; check-ins are made by the scanners, never edited by hand.
"""

from django.contrib import admin
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from rencontres.audit.log import record
from rencontres.core.permissions import permission_required
from rencontres.editions.models import Edition
from rencontres.organisers.scoping import editions_for
from rencontres.program.models import Session

from .domain import checkin
from .models import CheckIn, Device, WalkIn


class CheckInPermissionMixin:
    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("onsite.check_in")

    def has_module_permission(self, request):
        return request.user.has_perm("onsite.check_in")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CheckIn)
class CheckInAdmin(CheckInPermissionMixin, admin.ModelAdmin):
    list_display = ["registration", "session", "scanned_at", "device", "by"]
    list_filter = ["edition", "device", ("session", admin.EmptyFieldListFilter)]
    search_fields = ["registration__last_name", "registration__first_name", "registration__email"]
    list_select_related = ["registration", "session", "device", "by"]
    date_hierarchy = "scanned_at"
    change_list_template = "admin/onsite/checkin/change_list.html"

    def has_delete_permission(self, request, obj=None):
        # Undoing a check-in made by mistake (the wrong name picked in a search).
        return request.user.has_perm("onsite.delete_checkin")

    def delete_model(self, request, obj):
        with transaction.atomic():
            record(request.user, "onsite.undo_check_in", target=obj.registration)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for check_in in queryset.select_related("registration"):
                record(request.user, "onsite.undo_check_in", target=check_in.registration)
            super().delete_queryset(request, queryset)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "counters/<int:edition_id>/",
                view(self.counters_view),
                name="onsite_checkin_counters",
            ),
        ] + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        editions = editions_for(request.user, "onsite.check_in").order_by("-start_date")[:3]
        links = [
            (edition, reverse("admin:onsite_checkin_counters", args=[edition.pk]))
            for edition in editions
        ]
        return super().changelist_view(request, {**(extra_context or {}), "counter_links": links})

    @permission_required("onsite.check_in")
    def counters_view(self, request, edition_id):
        """Checked in / expected by category and by hour, refreshed every 30 s."""
        edition = get_object_or_404(Edition, pk=edition_id)
        session = None
        if request.GET.get("session"):
            session = Session.objects.filter(edition=edition, pk=request.GET["session"]).first()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Check-in counters — %(edition)s") % {"edition": edition},
            "edition": edition,
            "session": session,
            "sessions": Session.objects.filter(edition=edition).order_by("start"),
            "counts": checkin.counters(edition, session),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/onsite/checkin/counters.html", context)


@admin.register(Device)
class DeviceAdmin(CheckInPermissionMixin, admin.ModelAdmin):
    list_display = ["name", "edition", "last_seen"]
    list_filter = ["edition"]


@admin.register(WalkIn)
class WalkInAdmin(CheckInPermissionMixin, admin.ModelAdmin):
    list_display = ["registration", "registration__status", "registered_by", "created"]
    list_filter = ["registration__edition"]
    search_fields = ["registration__last_name", "registration__email"]
    list_select_related = ["registration", "registered_by"]
