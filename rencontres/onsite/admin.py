"""Back-office of badges: layout per edition, category colours, printing in batches, and
when each badge was printed. Printing needs the `onsite.print_badges` permission."""

from django.contrib import admin, messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from rencontres.comms.models import Mail
from rencontres.core.permissions import ReadOnlyAdmin, has_permission, permission_required
from rencontres.editions.models import Edition
from rencontres.organisers.scoping import editions_for

from .domain.certificates import MAIL, attendees, send_certificates
from .domain.printing import batch, category_colour, eligible, print_badges
from .forms import CategoryColourForm, PrintBadgesForm
from .models import Badge, BadgeSettings, CategoryColour


def pdf_download(pdf, filename):
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@admin.register(BadgeSettings)
class BadgeSettingsAdmin(admin.ModelAdmin):
    list_display = ["edition", "layout", "print_link"]
    change_list_template = "admin/onsite/badgesettings/change_list.html"

    @admin.display(description=_("badges"))
    def print_link(self, obj):
        url = reverse("admin:onsite_print_badges") + f"?edition={obj.edition.number}"
        return format_html('<a href="{}">{}</a>', url, _("Print badges"))

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("print/", view(self.print_view), name="onsite_print_badges"),
            path("certificates/", view(self.certificates_view), name="onsite_certificates"),
        ] + super().get_urls()

    def _edition(self, request, perm):
        """The edition chosen in the page's switch, else the current one (among the user's
        organisers' where it has `perm`)."""
        editions = editions_for(request.user, perm).order_by("-start_date")
        edition = editions.filter(number=request.GET.get("edition") or 0).first()
        return edition or editions.featured() or editions.first()

    @permission_required("onsite.print_badges")
    def print_view(self, request):
        """Choose a batch of an edition's badges and download their PDF."""
        edition = self._edition(request, "onsite.print_badges")
        if edition is None:
            messages.error(request, _("Create an edition first."))
            return redirect("admin:index")
        form = PrintBadgesForm(request.POST or None, edition=edition)
        if request.method == "POST" and form.is_valid():
            people = form.people()
            pdf = print_badges(
                edition,
                people,
                actor=request.user,
                layout=form.cleaned_data["layout"],
                batch_name=form.description(),
            )
            return pdf_download(pdf, f"badges-{edition.number}.pdf")
        people = eligible(edition).order_by()
        totals = dict(people.values_list("category").annotate(Count("pk")))
        not_printed = batch(edition, not_printed=True).order_by()
        waiting = dict(not_printed.values_list("category").annotate(Count("pk")))
        categories = [
            (
                category,
                category_colour(category),
                totals.get(category.pk, 0),
                waiting.get(category.pk, 0),
            )
            for category in edition.categories.select_related("badge_colour")
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Print badges — %(edition)s") % {"edition": edition},
            "edition": edition,
            "editions": editions_for(request.user, "onsite.print_badges").order_by("-start_date"),
            "form": form,
            "everyone": sum(totals.values()),
            "not_printed": sum(waiting.values()),
            "categories": categories,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/onsite/badgesettings/print.html", context)

    @permission_required("onsite.send_certificates")
    def certificates_view(self, request):
        """Send the certificate of attendance to everyone checked in, through the mail queue."""
        edition = self._edition(request, "onsite.send_certificates")
        if edition is None:
            messages.error(request, _("Create an edition first."))
            return redirect("admin:index")
        if request.method == "POST":
            sent, already = send_certificates(edition, request.user)
            messages.success(
                request,
                ngettext(
                    "%(count)s certificate queued for sending.",
                    "%(count)s certificates queued for sending.",
                    sent,
                )
                % {"count": sent},
            )
            if already:
                messages.info(
                    request,
                    ngettext(
                        "%(count)s person already had theirs.",
                        "%(count)s people already had theirs.",
                        already,
                    )
                    % {"count": already},
                )
            return redirect(f"{request.path}?edition={edition.number}")
        people = attendees(edition)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Certificates of attendance — %(edition)s") % {"edition": edition},
            "edition": edition,
            "editions": editions_for(request.user, "onsite.send_certificates").order_by(
                "-start_date"
            ),
            "checked_in": people.count(),
            "mailed": Mail.objects.filter(template=MAIL, registration__in=people)
            .values("registration")
            .distinct()
            .count(),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/onsite/badgesettings/certificates.html", context)


@admin.register(CategoryColour)
class CategoryColourAdmin(admin.ModelAdmin):
    form = CategoryColourForm
    list_display = ["category", "edition", "swatch"]
    list_filter = ["category__edition"]
    list_select_related = ["category__edition"]

    @admin.display(description=_("edition"), ordering="category__edition__start_date")
    def edition(self, obj):
        return obj.category.edition

    @admin.display(description=_("colour"))
    def swatch(self, obj):
        swatch = render_to_string("admin/onsite/_swatch.html", {"colour": obj.colour})
        return format_html("{} {}", swatch, obj.colour)


@admin.register(Badge)
class BadgeAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Every badge issued: when it was printed, and whether a reprint has revoked it."""

    list_display = ["registration", "category", "printed_at", "revoked_at"]
    list_filter = [
        "registration__edition",
        "registration__category",
        ("revoked_at", admin.EmptyFieldListFilter),
        ("printed_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["registration__last_name", "registration__first_name", "registration__email"]
    list_select_related = ["registration__category"]
    date_hierarchy = "printed_at"
    actions = ["reprint"]

    @admin.display(description=_("category"), ordering="registration__category__order")
    def category(self, obj):
        return obj.registration.category

    has_print_badges_permission = has_permission("onsite.print_badges")

    @admin.action(description=_("Reprint the badges of these people"), permissions=["print_badges"])
    def reprint(self, request, queryset):
        editions = {badge.registration.edition_id for badge in queryset}
        if len(editions) != 1:
            messages.error(request, _("Choose badges of one edition at a time."))
            return None
        edition = Edition.objects.get(pk=editions.pop())
        ids = {badge.registration_id for badge in queryset}
        people = batch(edition, registration_ids=ids)
        if not people.exists():
            messages.error(request, _("None of these people has a place any more."))
            return None
        pdf = print_badges(
            edition, people, actor=request.user, batch_name=str(_("Reprint from the badge list"))
        )
        return pdf_download(pdf, f"badges-{edition.number}.pdf")


from . import admin_checkin  # noqa: E402, F401
