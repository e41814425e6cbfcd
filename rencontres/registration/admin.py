"""Organisers' back-office: registrations with filters, counts, decisions and exports."""

from collections import Counter

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries import countries
from django_countries.filters import CountryFilter
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from rencontres.audit.log import record
from rencontres.comms.models import Mail
from rencontres.core.exports import csv_response, xlsx_response
from rencontres.editions.admin import EditionAdmin

from . import notify
from .domain import RegistrationError, links, registering, visa
from .models import (
    Category,
    Choice,
    Delegation,
    Question,
    Registration,
    RegistrationSettings,
    VisaRequest,
)


@admin.register(RegistrationSettings)
class RegistrationSettingsAdmin(admin.ModelAdmin):
    list_display = ["edition", "capacity", "letter_signatory"]


@admin.register(Category)
class CategoryAdmin(TranslationAdmin):
    list_display = ["name", "edition", "code", "quota", "needs_approval", "order"]
    list_filter = ["edition", "needs_approval"]
    list_editable = ["quota", "needs_approval", "order"]
    prepopulated_fields = {"code": ["name_fr"]}


class ChoiceInline(TranslationTabularInline):
    model = Choice
    extra = 1


@admin.register(Question)
class QuestionAdmin(TranslationAdmin):
    list_display = ["label", "edition", "kind", "required", "order"]
    list_filter = ["edition", "kind"]
    inlines = [ChoiceInline]


class MemberInline(admin.TabularInline):
    model = Registration
    fields = ["first_name", "last_name", "email", "status"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class MailInline(admin.TabularInline):
    """Each participant's delivery log, so organisers see what was sent and what failed."""

    model = Mail
    fields = ["created", "subject", "status", "attempts", "last_error", "sent_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["-created"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ["name", "edition", "country", "coordinator", "size"]
    list_filter = ["edition"]
    search_fields = ["name"]
    raw_id_fields = ["coordinator"]
    inlines = [MemberInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("members"))

    @admin.display(description=_("members"), ordering="member_count")
    def size(self, obj):
        return obj.member_count


EXPORT_COLUMNS = [
    ("reference", _("Reference")),
    ("status", _("Status")),
    ("civility", _("Civility")),
    ("first_name", _("First name")),
    ("last_name", _("Last name")),
    ("email", _("E-mail")),
    ("phone", _("Phone")),
    ("language", _("Language")),
    ("category", _("Category")),
    ("delegation", _("Delegation")),
    ("organisation", _("Organisation")),
    ("organisation_type", _("Type of organisation")),
    ("function", _("Function")),
    ("country", _("Country")),
    ("city", _("City or territory")),
    ("languages_spoken", _("Languages spoken")),
    ("accessibility_needs", _("Accessibility needs")),
    ("dietary_needs", _("Dietary needs")),
    ("image_consent", _("Photos and videos")),
    ("directory_consent", _("Participants' directory")),
    ("waiting_position", _("Position on the waiting list")),
    ("created", _("Registered on")),
]


def export_row(registration):
    values = {
        "reference": registration.reference,
        "status": registration.get_status_display(),
        "civility": registration.get_civility_display(),
        "category": registration.category.name,
        "delegation": registration.delegation.name if registration.delegation else "",
        "organisation_type": registration.get_organisation_type_display(),
        "country": registration.country.name,
        "language": registration.language,
        "image_consent": _("yes") if registration.image_consent else _("no"),
        "directory_consent": _("yes") if registration.directory_consent else _("no"),
        "waiting_position": registration.waiting_position or "",
        "created": registration.created.strftime("%Y-%m-%d %H:%M"),
    }
    return [
        str(values[name]) if name in values else getattr(registration, name)
        for name, _label in EXPORT_COLUMNS
    ]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = [
        "last_name",
        "first_name",
        "email",
        "category",
        "country",
        "organisation",
        "status",
        "delegation",
        "created",
    ]
    list_filter = ["edition", "status", "category", ("country", CountryFilter), "delegation"]
    search_fields = ["first_name", "last_name", "email", "organisation", "function", "city"]
    list_select_related = ["category", "delegation", "edition"]
    date_hierarchy = "created"
    readonly_fields = [
        "status",
        "reference",
        "waiting_position",
        "email_confirmed_at",
        "waiting_since",
        "created",
        "modified",
    ]
    raw_id_fields = ["delegation"]
    inlines = [MailInline]
    actions = [
        "approve",
        "refuse",
        "cancel",
        "send_personal_link",
        "revoke_links",
        "export_csv",
        "export_xlsx",
    ]
    change_list_template = "admin/registration/registration/change_list.html"

    def get_inlines(self, request, obj):
        return self.inlines if obj else []

    # Properties of the model: named here so that the form labels them in French.
    @admin.display(description=_("Reference"))
    def reference(self, obj):
        return obj.reference

    @admin.display(description=_("Position on the waiting list"))
    def waiting_position(self, obj):
        return obj.waiting_position

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields if obj else [f for f in fields if f in ("status",)]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        # A manual addition: the address counts as confirmed, the person gets a place or
        # waits like everyone, and receives a mail with their personal link.
        data = {
            name: form.cleaned_data[name]
            for name in form.cleaned_data
            if name not in ("edition", "delegation", "answers")
        }
        created, _ = registering.register(obj.edition, data, confirmed_by_organiser=True)
        obj.pk = created.pk
        obj.refresh_from_db()

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            rows = changelist.queryset.values_list("category__name", "country", "status")
            rows = list(rows.order_by())
            status_names = dict(Registration.Status.choices)
            response.context_data["counts"] = {
                "total": len(rows),
                "status": sorted(
                    (status_names.get(s, s), n) for s, n in Counter(r[2] for r in rows).items()
                ),
                "category": Counter(r[0] for r in rows).most_common(),
                "country": [
                    (countries.name(code) or code, n)
                    for code, n in Counter(r[1] for r in rows).most_common()
                ],
            }
        return response

    def _decide(self, request, queryset, action, done_message):
        done = 0
        for registration in queryset:
            try:
                action(registration)
                done += 1
            except RegistrationError as error:
                self.message_user(request, f"{registration}: {error}", messages.WARNING)
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)

    @admin.action(
        description=_("Approve (the participant is told by mail)"), permissions=["change"]
    )
    def approve(self, request, queryset):
        self._decide(
            request,
            queryset,
            registering.approve,
            lambda n: (
                ngettext("%(n)d registration approved.", "%(n)d registrations approved.", n)
                % {"n": n}
            ),
        )

    @admin.action(description=_("Refuse (the participant is told by mail)"), permissions=["change"])
    def refuse(self, request, queryset):
        self._decide(
            request,
            queryset,
            registering.refuse,
            lambda n: (
                ngettext("%(n)d registration refused.", "%(n)d registrations refused.", n)
                % {"n": n}
            ),
        )

    @admin.action(description=_("Cancel on their behalf (told by mail)"), permissions=["change"])
    def cancel(self, request, queryset):
        self._decide(
            request,
            queryset,
            lambda r: registering.cancel(r, by_organiser=True),
            lambda n: (
                ngettext("%(n)d registration cancelled.", "%(n)d registrations cancelled.", n)
                % {"n": n}
            ),
        )

    @admin.action(description=_("Send the link to their personal space again"))
    def send_personal_link(self, request, queryset):
        for registration in queryset.select_related("edition"):
            notify.send_personal_link(registration)
        self.message_user(request, _("Links queued."), messages.SUCCESS)

    def has_revoke_links_permission(self, request):
        return request.user.has_perm("registration.revoke_links")

    @admin.action(
        description=_("Revoke their personal links and calendar feeds"),
        permissions=["revoke_links"],
    )
    def revoke_links(self, request, queryset):
        count = 0
        with transaction.atomic():
            for registration in queryset.select_related("edition"):
                links.revoke_links(registration)
                record(request.user, "registration.revoke_links", target=registration)
                count += 1
        self.message_user(
            request,
            ngettext(
                "The links of %(n)d person were revoked: they can ask for a new one by mail.",
                "The links of %(n)d people were revoked: they can ask for a new one by mail.",
                count,
            )
            % {"n": count},
            messages.SUCCESS,
        )

    def _export_rows(self, queryset):
        queryset = queryset.select_related("category", "delegation", "edition").order_by(
            "last_name", "first_name"
        )
        return [export_row(registration) for registration in queryset]

    @admin.action(description=_("Export the selection (CSV)"))
    def export_csv(self, request, queryset):
        return csv_response(
            "registrations", [label for _n, label in EXPORT_COLUMNS], self._export_rows(queryset)
        )

    @admin.action(description=_("Export the selection (XLSX)"))
    def export_xlsx(self, request, queryset):
        return xlsx_response(
            "registrations",
            [label for _n, label in EXPORT_COLUMNS],
            self._export_rows(queryset),
            title=str(_("Registrations")),
        )

    def get_urls(self):
        return [
            path(
                "export/<str:fmt>/",
                self.admin_site.admin_view(self.export_filtered),
                name="registration_registration_export",
            ),
            *super().get_urls(),
        ]

    def export_filtered(self, request, fmt):
        """The whole filtered list (the changelist's filters and search), not just a page."""
        if fmt not in ("csv", "xlsx"):
            raise Http404
        if not self.has_view_permission(request):
            raise PermissionDenied
        queryset = self.get_changelist_instance(request).get_queryset(request)
        return (self.export_csv if fmt == "csv" else self.export_xlsx)(request, queryset)


@admin.action(
    description=_("Revoke every personal link and calendar feed of the edition"),
    permissions=["revoke_links"],
)
def revoke_edition_links(modeladmin, request, queryset):
    """On the editions' list; asks for confirmation first, as it signs out everyone."""
    editions = list(queryset)
    if request.POST.get("confirmed") != "yes":
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": _("Revoke every personal link"),
            "editions": editions,
            "people": Registration.objects.filter(edition__in=editions).count(),
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "opts": modeladmin.model._meta,
        }
        return TemplateResponse(request, "admin/registration/revoke_edition_links.html", context)
    with transaction.atomic():
        for edition in editions:
            count = links.revoke_edition_links(edition)
            record(
                request.user,
                "registration.revoke_edition_links",
                target=edition,
                edition=edition,
                people=count,
            )
            modeladmin.message_user(
                request,
                ngettext(
                    "%(edition)s: the links of %(n)d person were revoked.",
                    "%(edition)s: the links of %(n)d people were revoked.",
                    count,
                )
                % {"edition": edition, "n": count},
                messages.SUCCESS,
            )


def _can_revoke_links(modeladmin, request):
    return request.user.has_perm("registration.revoke_links")


# The action belongs to registration but acts on whole editions: it is added to the editions'
# list from here, so that the editions app needs to know nothing of registrations.
EditionAdmin.actions = [*EditionAdmin.actions, revoke_edition_links]
EditionAdmin.has_revoke_links_permission = _can_revoke_links


@admin.register(VisaRequest)
class VisaRequestAdmin(admin.ModelAdmin):
    list_display = ["name_in_passport", "nationality", "passport_number", "status", "created"]
    list_filter = ["status", "registration__edition"]
    search_fields = ["name_in_passport", "passport_number", "registration__email"]
    readonly_fields = ["registration", "status", "decided_at", "created", "letter_link"]
    actions = ["validate", "refuse"]

    @admin.display(description=_("Letter"))
    def letter_link(self, obj):
        if obj.pk is None:
            return ""
        url = reverse("admin:registration_visarequest_letter", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Preview the letter (PDF)"))

    @admin.action(description=_("Validate and send the letter"), permissions=["change"])
    def validate(self, request, queryset):
        self._decide(request, queryset, True)

    @admin.action(description=_("Refuse (the participant is told by mail)"), permissions=["change"])
    def refuse(self, request, queryset):
        self._decide(request, queryset, False)

    def _decide(self, request, queryset, validated):
        done = 0
        for request_ in queryset:
            try:
                visa.decide(request_, validated=validated)
                done += 1
            except RegistrationError as error:
                self.message_user(request, f"{request_}: {error}", messages.WARNING)
        self.message_user(request, _("%(n)d requests done.") % {"n": done}, messages.SUCCESS)

    def get_urls(self):
        return [
            path(
                "<int:pk>/letter/",
                self.admin_site.admin_view(self.letter),
                name="registration_visarequest_letter",
            ),
            *super().get_urls(),
        ]

    def letter(self, request, pk):
        from .views import visa_letter_response

        if not self.has_view_permission(request):
            raise PermissionDenied
        return visa_letter_response(get_object_or_404(VisaRequest, pk=pk))
