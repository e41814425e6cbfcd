import datetime

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Max
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from rencontres.audit.log import record
from rencontres.core.permissions import permission_required

from .domain.next_edition import EditionCopyError, create_next_edition
from .forms import NextEditionForm
from .models import AccessRoute, Edition, Format, Hotel, Organiser, Partner, Venue, VisaNote


@admin.register(Organiser)
class OrganiserAdmin(TranslationAdmin):
    list_display = ["name", "short_name", "email", "phone"]
    search_fields = ["name", "short_name"]


class AccessRouteInline(TranslationStackedInline):
    model = AccessRoute
    extra = 0


@admin.register(Venue)
class VenueAdmin(TranslationAdmin):
    list_display = ["name", "city", "postal_code"]
    search_fields = ["name", "city"]
    inlines = [AccessRouteInline]


class FormatInline(TranslationTabularInline):
    model = Format
    extra = 0


class PartnerInline(TranslationStackedInline):
    model = Partner
    extra = 0


class HotelInline(TranslationStackedInline):
    model = Hotel
    extra = 0


class VisaNoteInline(TranslationStackedInline):
    model = VisaNote
    extra = 0


@admin.register(Edition)
class EditionAdmin(TranslationAdmin):
    list_display = ["number", "start_date", "end_date", "venue", "status", "is_demo"]
    list_select_related = ["venue"]
    list_filter = ["status", "organiser"]
    search_fields = ["title", "theme", "hashtag"]
    inlines = [FormatInline, PartnerInline, HotelInline, VisaNoteInline]
    change_form_template = "admin/editions/edition/change_form.html"
    fieldsets = [
        (
            None,
            {"fields": ["organiser", "number", "status", "is_demo", "title", "theme", "summary"]},
        ),
        (_("Dates and venue"), {"fields": ["start_date", "end_date", "venue"]}),
        (_("Registration"), {"fields": ["registration_opens", "registration_closes"]}),
        (
            _("Editorial"),
            {"fields": ["editorial", "signatory_name", "signatory_titles", "signatory_photo"]},
        ),
        (
            _("Contact"),
            {
                "fields": [
                    "contact_phone",
                    "contact_email",
                    "info_url",
                    "event_url",
                    "hashtag",
                    "press_contact_name",
                    "press_contact_role",
                    "press_contact_email",
                ]
            },
        ),
        (
            _("Ceremony and award"),
            {"fields": ["honoured_country", "ceremony_title", "award_title"]},
        ),
        (_("Looking back"), {"fields": ["review"]}),
    ]

    def get_urls(self):
        return [
            path(
                "<int:pk>/next/",
                self.admin_site.admin_view(self.next_edition_view),
                name="editions_edition_next",
            )
        ] + super().get_urls()

    @permission_required("editions.add_edition")
    def next_edition_view(self, request, pk):
        source = get_object_or_404(Edition, pk=pk)
        # Suggest the same weekdays one year later, numbered after the latest edition.
        year = datetime.timedelta(weeks=52)
        initial = {
            "number": Edition.objects.aggregate(latest=Max("number"))["latest"] + 1,
            "start_date": source.start_date + year,
            "end_date": source.end_date + year,
        }
        form = NextEditionForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                with transaction.atomic():
                    target = create_next_edition(
                        source,
                        form.cleaned_data["start_date"],
                        form.cleaned_data["end_date"],
                        number=form.cleaned_data["number"],
                    )
                    record(
                        request.user,
                        "editions.next_edition",
                        target=target,
                        edition=target,
                        source=source.pk,
                    )
            except EditionCopyError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _(
                        "The new edition was created as a draft. Check its texts before publishing it."
                    ),
                )
                return redirect(reverse("admin:editions_edition_change", args=[target.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Create the next edition"),
            "source": source,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/editions/edition/next_edition.html", context)
