"""Organisers' back-office: registrations with filters, counts, decisions and exports."""

from collections import Counter

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import transaction
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries import countries
from django_countries.filters import CountryFilter
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from rencontres.audit.admin_reason import ask_reason, confirmation_page
from rencontres.audit.log import for_object, record
from rencontres.comms.models import Mail
from rencontres.core.exports import FORMATS, export_filename, export_response
from rencontres.core.permissions import ReadOnlyAdmin, has_permission, permission_required
from rencontres.editions.admin import EditionAdmin
from rencontres.editions.models import Edition
from rencontres.organisers.scoping import editions_for, scoped

from . import notify
from .domain import RegistrationError, decisions, deletion, links, registering, travel, visa
from .domain.places import check_capacity, check_quota
from .models import (
    Category,
    Choice,
    Delegation,
    Question,
    Registration,
    RegistrationSettings,
    VisaRequest,
)


def _domain_check(check, *args):
    """A domain rule as a form field's validation: its message, next to the field."""
    try:
        check(*args)
    except RegistrationError as error:
        raise forms.ValidationError(str(error)) from error


class RegistrationSettingsForm(forms.ModelForm):
    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        edition = self.cleaned_data.get("edition") or getattr(self.instance, "edition", None)
        if edition is not None:
            _domain_check(check_capacity, edition, capacity)
        return capacity


def tell_promoted(modeladmin, request, promoted):
    """Tell the organiser how many people a new limit promoted (each one is mailed)."""
    if promoted:
        modeladmin.message_user(
            request,
            ngettext(
                "%(n)d person got a place from the waiting list (told by mail).",
                "%(n)d people got a place from the waiting list (told by mail).",
                len(promoted),
            )
            % {"n": len(promoted)},
            messages.SUCCESS,
        )


class LimitThroughDomainAdmin:
    """A ModelAdmin mixin that saves a limit (a capacity, a quota) through its domain function,
    `set_limit(obj, value, actor)`: its check, the waiting list promoted at once with mails,
    the audit line; the organiser is told how many people got a place."""

    limit_field = "capacity"
    # Rooms and sessions: nobody can be waiting for one being created.
    limit_on_add = True

    def set_limit(self, obj, value, actor):
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        through_domain = change or self.limit_on_add
        value = getattr(obj, self.limit_field)
        if through_domain:
            setattr(obj, self.limit_field, form.initial.get(self.limit_field) if change else None)
        super().save_model(request, obj, form, change)
        if through_domain:
            tell_promoted(self, request, self.set_limit(obj, value, request.user))
            obj.refresh_from_db()


@admin.register(RegistrationSettings)
class RegistrationSettingsAdmin(LimitThroughDomainAdmin, admin.ModelAdmin):
    form = RegistrationSettingsForm
    list_display = ["edition", "capacity", "letter_signatory"]
    list_editable = ["capacity"]

    def get_changelist_form(self, request, **kwargs):
        return super().get_changelist_form(request, form=RegistrationSettingsForm, **kwargs)

    def set_limit(self, obj, value, actor):
        return decisions.set_capacity(obj.edition, value, actor)


class CategoryForm(forms.ModelForm):
    def clean_quota(self):
        quota = self.cleaned_data["quota"]
        _domain_check(check_quota, self.instance, quota)
        return quota


@admin.register(Category)
class CategoryAdmin(LimitThroughDomainAdmin, TranslationAdmin):
    form = CategoryForm
    list_display = [
        "name",
        "edition",
        "code",
        "quota",
        "needs_approval",
        "invitation_only",
        "order",
    ]
    list_filter = ["edition", "needs_approval", "invitation_only"]
    list_editable = ["quota", "needs_approval", "invitation_only", "order"]
    prepopulated_fields = {"code": ["name_fr"]}

    def get_changelist_form(self, request, **kwargs):
        return super().get_changelist_form(request, form=CategoryForm, **kwargs)

    limit_field = "quota"

    def set_limit(self, obj, value, actor):
        return decisions.set_quota(obj, value, actor)


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
    }
    return [
        str(values[name]) if name in values else getattr(registration, name)
        for name, _label in EXPORT_COLUMNS
    ]


class CurrentEditionFilter(admin.SimpleListFilter):
    """The list opens on the current edition (the one `/editions/en-cours/` leads to);
    "All" shows every edition. The parameter is the one Django's own filter used, so
    existing links keep working."""

    title = _("edition")
    parameter_name = "edition__id__exact"
    ALL = "all"

    def lookups(self, request, model_admin):
        editions = editions_for(request.user).order_by("-start_date")
        return [(str(e.pk), str(e)) for e in editions]

    def value(self):
        value = super().value()
        if value == self.ALL or value in {pk for pk, _title in self.lookup_choices}:
            return value
        mine = [pk for pk, _title in self.lookup_choices]
        current = Edition.objects.filter(pk__in=mine).public().featured()
        return str(current.pk) if current else self.ALL

    def choices(self, changelist):
        value = self.value()
        yield {
            "selected": value == self.ALL,
            "query_string": changelist.get_query_string({self.parameter_name: self.ALL}),
            "display": _("All"),
        }
        for pk, title in self.lookup_choices:
            yield {
                "selected": value == pk,
                "query_string": changelist.get_query_string({self.parameter_name: pk}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value()
        return queryset if value == self.ALL else queryset.filter(edition_id=value)


class CategoryFilter(admin.RelatedFieldListFilter):
    """Every edition has its "Elected" category: each is named with its edition."""

    def field_choices(self, field, request, model_admin):
        return [
            (
                category.pk,
                _("%(category)s (%(ordinal)s edition)")
                % {"category": category.name, "ordinal": category.edition.ordinal},
            )
            for category in scoped(Category, request.user)
            .select_related("edition")
            .order_by("-edition__start_date", "order", "pk")
        ]


class AddressFilter(admin.SimpleListFilter):
    title = _("e-mail address")
    parameter_name = "address"

    def lookups(self, request, model_admin):
        return [("unconfirmed", _("Not confirmed yet")), ("confirmed", _("Confirmed"))]

    def queryset(self, request, queryset):
        if self.value() == "unconfirmed":
            return decisions.unconfirmed(queryset)
        if self.value() == "confirmed":
            return queryset.exclude(email_confirmed_at=None)
        return queryset


class RegistrationAdminForm(forms.ModelForm):
    def clean_email(self):
        # The database only holds one live registration per address and edition; the
        # constraint's condition is on the status, which this form does not edit, so Django
        # would not check it here.
        email = self.cleaned_data["email"].strip().lower()
        edition = self.cleaned_data.get("edition") or getattr(self.instance, "edition", None)
        if edition is not None and self.instance.is_active:
            found = registering.existing(edition, email)
            if found is not None and found.pk != self.instance.pk:
                raise forms.ValidationError(
                    _("This address is already registered for this edition.")
                )
        return email

    def clean_category(self):
        category = self.cleaned_data["category"]
        if self.instance.pk is not None:
            _domain_check(decisions.check_category_change, self.instance, category)
        return category


class GivePlaceForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Recorded in the audit trail with your name."),
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.none(),
        required=False,
        help_text=_("Empty: keep their category."),
    )

    def __init__(self, *args, edition_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(edition_id__in=edition_ids)


class PositionForm(forms.Form):
    position = forms.IntegerField(
        label=_("New position"),
        min_value=1,
        help_text=_("1: the next to get a place. A delegation moves as a whole."),
    )


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    form = RegistrationAdminForm
    list_display = [
        "last_name",
        "first_name",
        "email",
        "category",
        "country",
        "organisation",
        "status",
        "waiting_position",
        "address",
        "delegation",
        "created",
    ]
    list_filter = [
        CurrentEditionFilter,
        "status",
        AddressFilter,
        ("category", CategoryFilter),
        ("country", CountryFilter),
        "delegation",
    ]
    search_fields = ["first_name", "last_name", "email", "organisation", "function", "city"]
    list_select_related = ["category", "delegation", "edition"]
    date_hierarchy = "created"
    readonly_fields = [
        "status",
        "reference",
        "waiting_position",
        "email_confirmed_at",
        "waiting_since",
        "over_limit",
        "created",
        "modified",
        # Given or withdrawn by the participant only, each change recorded with its text
        # (privacy app); typed by the organiser only when adding someone.
        "data_consent",
        "image_consent",
        "directory_consent",
        "exhibitor_consent",
    ]
    raw_id_fields = ["delegation"]
    inlines = [MailInline]
    actions = [
        "approve",
        "refuse",
        "cancel",
        "give_place",
        "move_up",
        "move_down",
        "move_to_position",
        "reactivate",
        "mark_email_confirmed",
        "remind_unconfirmed",
        "send_personal_link",
        "revoke_links",
        "export_csv",
        "export_csv_excel",
        "export_xlsx",
    ]
    change_list_template = "admin/registration/registration/change_list.html"
    change_form_template = "admin/registration/registration/change_form.html"

    has_decide_permission = has_permission("registration.decide_registration")
    has_export_permission = has_permission("registration.export_registration")
    has_send_link_permission = has_permission("registration.send_link_registration")
    has_give_place_permission = has_permission("registration.give_place")
    has_manage_waiting_list_permission = has_permission("registration.manage_waiting_list")
    has_reactivate_registration_permission = has_permission("registration.reactivate_registration")
    has_manage_confirmation_permission = has_permission("registration.manage_confirmation")

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

    @admin.display(description=_("e-mail address"), ordering="email_confirmed_at")
    def address(self, obj):
        if obj.email_confirmed_at:
            return _("confirmed")
        return _("not confirmed for %(age)s") % {"age": timesince(obj.created, timezone.now())}

    def save_model(self, request, obj, form, change):
        if change:
            # A new category goes through the domain (its quota, the waiting list, the trail).
            category = obj.category
            obj.category_id = form.initial.get("category")
            with transaction.atomic():
                super().save_model(request, obj, form, change)
                record(request.user, "registration.change", target=obj, fields=form.changed_data)
            try:
                decisions.change_category(obj, category, request.user)
            except RegistrationError as error:
                # The place was taken between the form's check and now.
                self.message_user(request, str(error), messages.ERROR)
            obj.refresh_from_db()
            return
        # A manual addition: the address counts as confirmed, the person gets a place or
        # waits like everyone, and receives a mail with their personal link.
        data = {
            name: form.cleaned_data[name]
            for name in form.cleaned_data
            if name not in ("edition", "delegation", "answers")
        }
        with transaction.atomic():
            created, _ = registering.register(obj.edition, data, confirmed_by_organiser=True)
            record(request.user, "registration.add", target=created)
        obj.pk = created.pk
        obj.refresh_from_db()

    def get_deleted_objects(self, objs, request):
        """Records nobody edits in the back-office (the consents' history, badges, check-ins)
        go with the registration they belong to: their read-only admins must not block it."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        records = {
            str(model._meta.verbose_name)
            for model, model_admin in self.admin_site._registry.items()
            if isinstance(model_admin, ReadOnlyAdmin)
        }
        return (
            deleted,
            counts,
            {name for name in perms_needed if str(name) not in records},
            protected,
        )

    def delete_model(self, request, obj):
        # The place ends first, as with a cancellation: the waiting list and the other apps
        # follow before the row goes.
        deletion.delete(obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for registration in queryset:
            deletion.delete(registration, actor=request.user)

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

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if request.user.has_perm("audit.view_activitylog"):
            registration = self.get_object(request, object_id)
            extra_context["history"] = for_object(registration) if registration else []
        return super().change_view(request, object_id, form_url, extra_context)

    def _decide(self, request, queryset, action, code, done_message, reason=""):
        done = 0
        for registration in queryset:
            try:
                with transaction.atomic():
                    action(registration)
                    # None: the domain function records the decision itself.
                    if code is not None:
                        record(request.user, code, target=registration, reason=reason)
                done += 1
            except RegistrationError as error:
                self.message_user(request, f"{registration}: {error}", messages.WARNING)
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)

    @admin.action(
        description=_("Approve (the participant is told by mail)"), permissions=["decide"]
    )
    def approve(self, request, queryset):
        self._decide(
            request,
            queryset,
            registering.approve,
            "registration.approve",
            lambda n: (
                ngettext("%(n)d registration approved.", "%(n)d registrations approved.", n)
                % {"n": n}
            ),
        )

    @admin.action(description=_("Refuse (the participant is told by mail)"), permissions=["decide"])
    def refuse(self, request, queryset):
        reason, page = ask_reason(self, request, queryset, _("Refuse these registrations"))
        if page:
            return page
        self._decide(
            request,
            queryset,
            registering.refuse,
            "registration.refuse",
            lambda n: (
                ngettext("%(n)d registration refused.", "%(n)d registrations refused.", n)
                % {"n": n}
            ),
            reason,
        )
        return None

    @admin.action(description=_("Cancel on their behalf (told by mail)"), permissions=["decide"])
    def cancel(self, request, queryset):
        reason, page = ask_reason(self, request, queryset, _("Cancel these registrations"))
        if page:
            return page
        self._decide(
            request,
            queryset,
            lambda r: registering.cancel(r, by_organiser=True),
            "registration.cancel",
            lambda n: (
                ngettext("%(n)d registration cancelled.", "%(n)d registrations cancelled.", n)
                % {"n": n}
            ),
            reason,
        )
        return None

    @admin.action(
        description=_("Give a place now, over the limit (with a reason)"),
        permissions=["give_place"],
    )
    def give_place(self, request, queryset):
        form = GivePlaceForm(
            request.POST if "apply" in request.POST else None,
            edition_ids=set(queryset.values_list("edition_id", flat=True)),
        )
        if not form.is_valid():
            return confirmation_page(
                self,
                request,
                queryset,
                _("Give a place now"),
                form,
                _(
                    "These people get a confirmed place now, even over the edition's capacity "
                    "or their category's quota (a waiting delegation gets its places together). "
                    "They are told by mail."
                ),
            )
        self._decide(
            request,
            queryset,
            lambda r: decisions.give_place(
                r,
                request.user,
                form.cleaned_data["reason"],
                category=form.cleaned_data["category"],
            ),
            None,
            lambda n: ngettext("%(n)d place given.", "%(n)d places given.", n) % {"n": n},
        )
        return None

    def _move(self, request, queryset, **where):
        self._decide(
            request,
            queryset.filter(status=Registration.Status.WAITING).order_by("waiting_since", "pk"),
            lambda r: decisions.move_in_waiting_list(r, request.user, **where),
            None,
            lambda n: (
                ngettext(
                    "%(n)d person moved in the waiting list.",
                    "%(n)d people moved in the waiting list.",
                    n,
                )
                % {"n": n}
            ),
        )

    @admin.action(
        description=_("Waiting list: move up one place"), permissions=["manage_waiting_list"]
    )
    def move_up(self, request, queryset):
        self._move(request, queryset, step=-1)

    @admin.action(
        description=_("Waiting list: move down one place"), permissions=["manage_waiting_list"]
    )
    def move_down(self, request, queryset):
        self._move(request, queryset, step=1)

    @admin.action(
        description=_("Waiting list: move to a position"), permissions=["manage_waiting_list"]
    )
    def move_to_position(self, request, queryset):
        form = PositionForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return confirmation_page(
                self,
                request,
                queryset,
                _("Move within the waiting list"),
                form,
                _(
                    "These people (with their delegation) move to this position of the waiting list."
                ),
            )
        self._move(request, queryset, position=form.cleaned_data["position"])
        return None

    @admin.action(
        description=_("Reactivate (through the usual place rules; told by mail)"),
        permissions=["reactivate_registration"],
    )
    def reactivate(self, request, queryset):
        self._decide(
            request,
            queryset,
            lambda r: decisions.reactivate(r, request.user),
            None,
            lambda n: (
                ngettext("%(n)d registration reactivated.", "%(n)d registrations reactivated.", n)
                % {"n": n}
            ),
        )

    @admin.action(
        description=_("Mark the e-mail address as confirmed"),
        permissions=["manage_confirmation"],
    )
    def mark_email_confirmed(self, request, queryset):
        self._decide(
            request,
            queryset,
            lambda r: decisions.mark_email_confirmed(r, request.user),
            None,
            lambda n: (
                ngettext("%(n)d address confirmed.", "%(n)d addresses confirmed.", n) % {"n": n}
            ),
        )

    @admin.action(
        description=_("Send the confirmation mail again, with a fresh link (unconfirmed only)"),
        permissions=["manage_confirmation"],
    )
    def remind_unconfirmed(self, request, queryset):
        sent = decisions.remind_unconfirmed(queryset, request.user)
        self.message_user(
            request,
            ngettext("%(n)d confirmation mail queued.", "%(n)d confirmation mails queued.", sent)
            % {"n": sent},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Send the link to their personal space again"), permissions=["send_link"]
    )
    def send_personal_link(self, request, queryset):
        for registration in queryset.select_related("edition"):
            with transaction.atomic():
                notify.send_personal_link(registration)
                record(request.user, "registration.send_link", target=registration)
        self.message_user(request, _("Links queued."), messages.SUCCESS)

    has_revoke_links_permission = has_permission("registration.revoke_links")

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

    def _export(self, request, queryset, fmt):
        registrations = list(
            queryset.select_related("category", "delegation", "edition").order_by(
                "last_name", "first_name"
            )
        )
        editions = {registration.edition for registration in registrations}
        edition = editions.pop() if len(editions) == 1 else None
        record(
            request.user,
            "registration.export",
            edition=edition,
            format=fmt,
            count=len(registrations),
            filters=request.GET.urlencode(),
        )
        return export_response(
            fmt,
            export_filename(_("registrations"), edition),
            [label for _n, label in EXPORT_COLUMNS],
            [export_row(registration) for registration in registrations],
            title=_("Registrations"),
            time_zone=edition.time_zone if edition else None,
        )

    @admin.action(description=_("Export the selection (CSV)"), permissions=["export"])
    def export_csv(self, request, queryset):
        return self._export(request, queryset, "csv")

    @admin.action(
        description=_("Export the selection (CSV for French Excel)"), permissions=["export"]
    )
    def export_csv_excel(self, request, queryset):
        return self._export(request, queryset, "csv-excel")

    @admin.action(description=_("Export the selection (XLSX)"), permissions=["export"])
    def export_xlsx(self, request, queryset):
        return self._export(request, queryset, "xlsx")

    def get_urls(self):
        return [
            path(
                "export/<str:fmt>/",
                self.admin_site.admin_view(self.export_filtered),
                name="registration_registration_export",
            ),
            path(
                "travel/",
                self.admin_site.admin_view(self.travel_view),
                name="registration_registration_travel",
            ),
            *super().get_urls(),
        ]

    @permission_required("registration.arrivals_departures")
    def travel_view(self, request):
        """Arrivals and departures per day of one edition (the current one by default), and
        the list of those who gave their dates as a download (personal data: audited)."""
        editions = editions_for(request.user).order_by("-start_date")
        chosen = request.GET.get("edition", "")
        edition = (
            editions.filter(pk=chosen).first() if chosen.isdigit() else None
        ) or editions.public().featured()
        if edition is None:
            raise Http404
        fmt = request.GET.get("format")
        if fmt in FORMATS:
            people = travel.travellers(edition).order_by("arrival_date", "last_name", "pk")
            record(request.user, "registration.export_travel", edition=edition, count=len(people))
            return export_response(
                fmt,
                export_filename(_("arrivals and departures"), edition),
                [
                    _("Last name"),
                    _("First name"),
                    _("Organisation"),
                    _("Country"),
                    _("arrival date"),
                    _("departure date"),
                    _("Status"),
                ],
                [
                    (
                        p.last_name,
                        p.first_name,
                        p.organisation,
                        p.country.name,
                        p.arrival_date,
                        p.departure_date,
                        p.get_status_display(),
                    )
                    for p in people
                ],
                title=_("Arrivals and departures"),
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Arrivals and departures"),
            "opts": self.model._meta,
            "edition": edition,
            "editions": editions,
            "days": travel.per_day(edition),
        }
        return TemplateResponse(request, "admin/registration/registration/travel.html", context)

    @permission_required("registration.view_registration", "registration.export_registration")
    def export_filtered(self, request, fmt):
        """The whole filtered list (the changelist's filters and search), not just a page."""
        if fmt not in FORMATS:
            raise Http404
        queryset = self.get_changelist_instance(request).get_queryset(request)
        return self._export(request, queryset, fmt)


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


# The action belongs to registration but acts on whole editions: it is added to the editions'
# list from here, so that the editions app needs to know nothing of registrations.
EditionAdmin.actions = [*EditionAdmin.actions, revoke_edition_links]
EditionAdmin.has_revoke_links_permission = has_permission("registration.revoke_links")


@admin.register(VisaRequest)
class VisaRequestAdmin(admin.ModelAdmin):
    list_display = [
        "name_in_passport",
        "nationality",
        "passport_number",
        "status",
        "registration_status",
        "created",
    ]
    list_filter = ["status", "registration__edition"]
    list_select_related = ["registration"]
    search_fields = ["name_in_passport", "passport_number", "registration__email"]
    readonly_fields = ["registration", "status", "decided_at", "created", "letter_link"]
    actions = ["validate", "refuse"]

    has_decide_permission = has_permission("registration.decide_visarequest")

    @admin.display(description=_("registration"), ordering="registration__status")
    def registration_status(self, obj):
        return obj.registration.get_status_display()

    @admin.display(description=_("Letter"))
    def letter_link(self, obj):
        if obj.pk is None:
            return ""
        url = reverse("admin:registration_visarequest_letter", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Preview the letter (PDF)"))

    @admin.action(description=_("Validate and send the letter"), permissions=["decide"])
    def validate(self, request, queryset):
        self._decide(request, queryset, True)

    @admin.action(description=_("Refuse (the participant is told by mail)"), permissions=["decide"])
    def refuse(self, request, queryset):
        reason, page = ask_reason(self, request, queryset, _("Refuse these visa requests"))
        if page:
            return page
        self._decide(request, queryset, False, reason)
        return None

    def _decide(self, request, queryset, validated, reason=""):
        done = 0
        code = "registration.visa_validate" if validated else "registration.visa_refuse"
        for request_ in queryset.select_related("registration__edition"):
            try:
                with transaction.atomic():
                    visa.decide(request_, validated=validated)
                    record(
                        request.user,
                        code,
                        target=request_.registration,
                        reason=reason,
                        visa=request_.pk,
                    )
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

    @permission_required("registration.decide_visarequest")
    def letter(self, request, pk):
        from .views import visa_letter_response

        request_ = get_object_or_404(VisaRequest.objects.select_related("registration"), pk=pk)
        record(request.user, "registration.visa_letter", target=request_.registration, visa=pk)
        return visa_letter_response(request_)


from . import admin_invitations  # noqa: E402, F401  (the invitations' pages, in their own module)
