"""The organisers' pages of the partners' area (back-office, in French)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from rencontres.audit.log import record
from rencontres.core.permissions import has_permission, permission_required

from .domain import PartnerError, side_events
from .domain.links import send_space_link
from .domain.staff import check_staff_places, places_used
from .forms import AreaForm, DecisionForm
from .models import Area, PartnerSpace, SideEvent, Stand


@admin.register(Area)
class AreaAdmin(TranslationAdmin):
    form = AreaForm
    list_display = ["edition", "room", "staff_category"]
    list_select_related = ["edition", "room", "staff_category"]


class StandInline(admin.TabularInline):
    model = Stand
    fields = ["number", "size", "location", "x", "y"]
    extra = 0
    show_change_link = True


@admin.register(PartnerSpace)
class PartnerSpaceAdmin(TranslationAdmin):
    list_display = ["partner", "edition_label", "is_exhibitor", "staff_label", "contact_email"]
    list_filter = ["partner__edition", "is_exhibitor"]
    list_select_related = ["partner__edition"]
    search_fields = ["partner__name", "contact_name", "contact_email"]
    readonly_fields = ["staff_code"]
    actions = ["send_link", "renew_link"]

    @admin.display(description=_("edition"), ordering="partner__edition__number")
    def edition_label(self, space):
        return space.partner.edition

    @admin.display(description=_("staff places used"))
    def staff_label(self, space):
        return f"{places_used(space)} / {space.staff_places}"

    def save_model(self, request, obj, form, change):
        # Places given to a partner are a decision: checked, then recorded with it.
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if "staff_places" in form.changed_data:
                record(
                    request.user,
                    "partners.set_staff_places",
                    target=obj,
                    edition=obj.edition,
                    places=obj.staff_places,
                    before=form.initial.get("staff_places"),
                )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)

        class CheckedForm(form):
            def clean_staff_places(self):
                places = self.cleaned_data["staff_places"]
                try:
                    check_staff_places(self.instance, places)
                except PartnerError as error:
                    raise ValidationError(str(error)) from None
                return places

        return CheckedForm

    has_send_link_permission = has_permission("partners.send_link_partnerspace")

    @admin.action(description=_("Send them the link to their space"), permissions=["send_link"])
    def send_link(self, request, queryset):
        for space in queryset.select_related("partner__edition"):
            send_space_link(space, by=request.user)
        messages.success(request, _("%(count)d link(s) sent.") % {"count": queryset.count()})

    @admin.action(
        description=_("Send a new link (the previous links stop working)"),
        permissions=["send_link"],
    )
    def renew_link(self, request, queryset):
        for space in queryset.select_related("partner__edition"):
            send_space_link(space, by=request.user, renew=True)
        messages.success(request, _("%(count)d link(s) sent.") % {"count": queryset.count()})


@admin.register(Stand)
class StandAdmin(admin.ModelAdmin):
    list_display = ["number", "edition", "space", "size", "location", "x", "y"]
    list_editable = ["space"]
    list_filter = ["edition"]
    list_select_related = ["edition", "space__partner"]
    search_fields = ["number", "space__partner__name"]

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if "space" in form.changed_data:
                record(
                    request.user,
                    "partners.assign_stand",
                    target=obj,
                    partner=obj.space.partner.name if obj.space else None,
                )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "space":
            kwargs["queryset"] = PartnerSpace.objects.filter(is_exhibitor=True).select_related(
                "partner__edition"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(SideEvent)
class SideEventAdmin(admin.ModelAdmin):
    list_display = ["title", "space", "format", "duration", "status", "session_link", "created"]
    list_filter = ["status", "space__partner__edition", "format"]
    list_select_related = ["space__partner", "session"]
    search_fields = ["title", "space__partner__name"]
    readonly_fields = ["status", "organiser_message", "session", "created", "decided_at"]

    @admin.display(description=_("session of the program"))
    def session_link(self, side_event):
        if not side_event.session_id:
            return "—"
        url = reverse("admin:program_session_change", args=[side_event.session_id])
        return format_html('<a href="{}">{}</a>', url, side_event.session.start)

    def get_urls(self):
        return [
            path(
                "<int:pk>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name="partners_sideevent_decide",
            )
        ] + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "decide_url": reverse("admin:partners_sideevent_decide", args=[object_id]),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    @permission_required("partners.decide_sideevent")
    def decide_view(self, request, pk):
        side_event = get_object_or_404(
            SideEvent.objects.select_related("space__partner__edition"), pk=pk
        )
        form = DecisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                if data["decision"] == "accept":
                    side_events.accept(
                        side_event,
                        data["start"],
                        by=request.user,
                        capacity=data["capacity"],
                        message=data["message"],
                    )
                elif data["decision"] == "refuse":
                    side_events.refuse(side_event, by=request.user, message=data["message"])
                else:
                    side_events.ask_changes(side_event, by=request.user, message=data["message"])
            except PartnerError as error:
                form.add_error(None, str(error))
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _("The decision is recorded and mailed to the partner."))
                return redirect("admin:partners_sideevent_change", side_event.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Decide on “%(title)s”") % {"title": side_event.title},
            "side_event": side_event,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/partners/sideevent/decide.html", context)
