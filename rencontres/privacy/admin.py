"""Back-office: erasure requests (process now or at the end of the event), consent texts and
history, each organiser's privacy settings, the retention dry run and the register of
processing activities."""

from django.contrib import admin, messages
from django.db import transaction
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from rencontres.audit.log import record
from rencontres.core.exports import FORMATS, export_filename, export_response
from rencontres.core.permissions import ReadOnlyAdmin, has_permission, permission_required

from .domain import consents, erasure, retention
from .domain.register import HEADER, rows
from .models import ConsentRecord, ConsentText, ErasureRequest, PrivacySettings


@admin.register(ErasureRequest)
class ErasureRequestAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["registration", "edition", "status", "origin", "requested_at", "scheduled_for"]
    list_filter = ["status", "edition", "origin"]
    readonly_fields = [
        "registration",
        "edition",
        "status",
        "origin",
        "scheduled_for",
        "requested_at",
        "processed_at",
        "processed_by",
    ]
    actions = ["process_now", "process_at_end"]

    has_process_permission = has_permission("privacy.process_erasure")

    @admin.action(description=_("Erase now (anonymise)"), permissions=["process"])
    def process_now(self, request, queryset):
        done = 0
        for request_ in queryset.exclude(status=ErasureRequest.Status.DONE):
            done += erasure.process(request_, request.user)
        self.message_user(
            request,
            ngettext("%(n)d person anonymised.", "%(n)d people anonymised.", done) % {"n": done},
            messages.SUCCESS,
        )

    @admin.action(description=_("Erase at the end of the event"), permissions=["process"])
    def process_at_end(self, request, queryset):
        done = sum(erasure.schedule(request_, request.user) for request_ in queryset)
        self.message_user(
            request,
            ngettext(
                "%(n)d erasure scheduled for the day after the edition.",
                "%(n)d erasures scheduled for the day after the edition.",
                done,
            )
            % {"n": done},
            messages.SUCCESS,
        )


@admin.register(ConsentText)
class ConsentTextAdmin(TranslationAdmin):
    """A new wording is added as a new version; versions agreed to are never edited."""

    list_display = ["kind", "version", "created"]
    list_filter = ["kind"]
    readonly_fields = ["version"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.version = consents.next_version(obj.kind)
        super().save_model(request, obj, form, change)


@admin.register(ConsentRecord)
class ConsentRecordAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["registration", "kind", "given", "text", "source", "at"]
    list_filter = ["kind", "given", "source", "registration__edition"]
    search_fields = ["registration__last_name", "registration__email"]
    list_select_related = ["registration", "text"]


@admin.register(PrivacySettings)
class PrivacySettingsAdmin(TranslationAdmin):
    list_display = ["organiser", "passport_days", "anonymise_months", "mail_months", "links"]

    @admin.display(description=_("Register and retention"))
    def links(self, obj):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:privacy_register", args=[obj.pk]) + "?format=xlsx",
            _("Register of processing activities (XLSX)"),
            reverse("admin:privacy_retention"),
            _("What retention will erase"),
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("retention/", view(self.retention_view), name="privacy_retention"),
            path("<int:pk>/register/", view(self.register_view), name="privacy_register"),
            *super().get_urls(),
        ]

    @permission_required("privacy.view_retention")
    def retention_view(self, request):
        context = {
            **self.admin_site.each_context(request),
            "title": _("What the retention periods will erase"),
            "plan": retention.plan(),
            "opts": self.model._meta,
        }
        return render(request, "admin/privacy/retention.html", context)

    @permission_required("privacy.export_register")
    def register_view(self, request, pk):
        rules = get_object_or_404(PrivacySettings.objects.select_related("organiser"), pk=pk)
        fmt = request.GET.get("format", "xlsx")
        if fmt not in FORMATS:
            fmt = "xlsx"
        with transaction.atomic():
            record(request.user, "privacy.export_register", target=rules, format=fmt)
        return export_response(
            fmt,
            export_filename(f"registre des traitements {rules.organiser}"),
            HEADER,
            rows(rules),
            title="Registre",
        )
