"""Organisers' back-office for invitations: invite one person or several, follow the
answers, remind, and print the VIP list for the welcome desk."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries.fields import CountryField

from rencontres.audit.log import record
from rencontres.core.exports import export_filename
from rencontres.core.pdf import pdf_response
from rencontres.core.permissions import has_permission, permission_required
from rencontres.editions.models import Edition
from rencontres.organisers.scoping import editions_for, scope

from .admin import CurrentEditionFilter
from .domain import RegistrationError, invitations
from .models import Category, Invitation, Registration

# Fields of the registration form an organiser pre-fills when inviting one person.
PREFILL_FIELDS = ["organisation", "function", "country"]
PROTOCOL_FIELDS = ["form_of_address", "vip", "protocol_notes", "accompanying_allowed"]


def name_with_edition(category):
    return f"{category} ({category.edition})"


class CategoryOfItsEdition:
    """A form with an edition and a category: categories named with their edition, and one of
    another edition refused."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].label_from_instance = name_with_edition

    def clean(self):
        data = super().clean()
        edition, category = data.get("edition"), data.get("category")
        if edition and category and category.edition_id != edition.pk:
            self.add_error("category", _("This category belongs to another edition."))
        return data


class InviteForm(CategoryOfItsEdition, forms.ModelForm):
    """Invite one person: the invitation's own fields and a few to pre-fill."""

    organisation = forms.CharField(label=_("organisation"), max_length=200, required=False)
    function = forms.CharField(
        label=_("function"),
        max_length=200,
        required=False,
        help_text=_("Their title, for example: Minister for Europe and Foreign Affairs."),
    )
    country = CountryField(blank=True).formfield(label=_("country"), required=False)

    class Meta:
        model = Invitation
        fields = [
            "edition",
            "category",
            "email",
            "civility",
            "first_name",
            "last_name",
            "language",
            *PROTOCOL_FIELDS,
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.select_related("edition")

    def clean(self):
        data = super().clean()
        edition = data.get("edition")
        if edition and data.get("email"):
            try:
                invitations.check_new(edition, data["email"])
            except RegistrationError as error:
                self.add_error("email", str(error))
        return data

    def validate_constraints(self):
        """check_new says it in words (the constraint's own message would say it a second
        time, in database terms); the database constraint stays the last guard."""


class ProtocolForm(forms.ModelForm):
    """An invitation once sent: only its protocol details change."""

    class Meta:
        model = Invitation
        fields = PROTOCOL_FIELDS


class InviteSeveralForm(CategoryOfItsEdition, forms.Form):
    edition = forms.ModelChoiceField(Edition.objects.all(), label=_("edition"))
    category = forms.ModelChoiceField(
        Category.objects.select_related("edition"), label=_("category")
    )
    language = forms.ChoiceField(
        choices=Registration.Language.choices,
        label=_("language for mails"),
        help_text=_("For the lines that do not give theirs."),
    )
    vip = forms.BooleanField(label=_("VIP"), required=False)
    people = forms.CharField(
        label=_("people to invite"),
        widget=forms.Textarea(attrs={"rows": 10, "cols": 80}),
        help_text=_(
            "One person per line: e-mail; first name; last name; and optionally the language "
            "(fr or en) and the form of address. For example: "
            "jean.martin@example.org; Jean; Martin; fr; Monsieur le Ministre"
        ),
    )

    MAX_LINES = 500

    def clean_people(self):
        lines = [line for line in self.cleaned_data["people"].splitlines() if line.strip()]
        if len(lines) > self.MAX_LINES:
            raise ValidationError(
                _("At most %(max)d people at once.") % {"max": self.MAX_LINES}, code="too_many"
            )
        people, errors = [], []
        for number, line in enumerate(lines, start=1):
            cells = [cell.strip() for cell in line.split(";")]
            if len(cells) < 3 or len(cells) > 5:
                errors.append(
                    _(
                        "Line %(n)d: give e-mail; first name; last name (then optionally the language and the form of address)."
                    )
                    % {"n": number}
                )
                continue
            email, first, last, *rest = cells
            language = rest[0].lower() if rest and rest[0] else ""
            if language and language not in Registration.Language.values:
                errors.append(_("Line %(n)d: the language must be fr or en.") % {"n": number})
                continue
            people.append((number, email, first, last, language, rest[1] if len(rest) > 1 else ""))
        if errors:
            raise ValidationError(errors)
        return people


class AnswerFilter(admin.SimpleListFilter):
    title = _("answer")
    parameter_name = "answer"

    def lookups(self, request, model_admin):
        return [("none", _("Never answered")), ("answered", _("Answered"))]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(status__in=Invitation.UNANSWERED)
        if self.value() == "answered":
            return queryset.exclude(status__in=Invitation.UNANSWERED)
        return queryset


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = [
        "last_name",
        "first_name",
        "email",
        "category",
        "vip",
        "status",
        "created",
        "opened_at",
        "answered_at",
        "reminders_sent",
        "registration",
    ]
    list_filter = [CurrentEditionFilter, "status", AnswerFilter, "vip", "category"]
    # How many were invited, opened, accepted, declined or never answered, beside each filter.
    show_facets = admin.ShowFacets.ALWAYS
    search_fields = ["first_name", "last_name", "email"]
    list_select_related = ["category", "registration", "edition"]
    actions = ["remind"]
    change_list_template = "admin/registration/invitation/change_list.html"

    has_remind_permission = has_permission("registration.remind_invitation")

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = ProtocolForm if obj else InviteForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return [*InviteForm.Meta.fields[:7], *PREFILL_FIELDS, *PROTOCOL_FIELDS]
        return [*self.get_readonly_fields(request, obj), *PROTOCOL_FIELDS]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [
            "edition",
            "category",
            "email",
            "first_name",
            "last_name",
            "language",
            "status",
            "created",
            "opened_at",
            "answered_at",
            "reminders_sent",
            "registration",
            "invited_by",
        ]

    def save_model(self, request, obj, form, change):
        if change:
            with transaction.atomic():
                super().save_model(request, obj, form, change)
                record(request.user, "registration.change_invitation", target=obj)
            return
        data = form.cleaned_data
        extra = {name: data[name] for name in [*PROTOCOL_FIELDS, *PREFILL_FIELDS, "civility"]}
        created = invitations.invite(
            data["edition"],
            actor=request.user,
            category=data["category"],
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            language=data["language"],
            **extra,
        )
        obj.pk = created.pk
        obj.refresh_from_db()

    def add_view(self, request, form_url="", extra_context=None):
        try:
            return super().add_view(request, form_url, extra_context)
        except RegistrationError as error:
            # Invited or registered by someone else since the form was checked.
            self.message_user(request, str(error), messages.ERROR)
            return redirect(request.get_full_path())

    @admin.action(description=_("Send a reminder now (unanswered ones)"), permissions=["remind"])
    def remind(self, request, queryset):
        count = invitations.remind_now(queryset, request.user)
        self.message_user(
            request,
            ngettext("%(n)d reminder sent.", "%(n)d reminders sent.", count) % {"n": count},
            messages.SUCCESS,
        )

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            chosen = request.GET.get(CurrentEditionFilter.parameter_name)
            mine = editions_for(request.user)
            edition = mine.filter(pk=chosen).first() if chosen and chosen.isdigit() else None
            response.context_data["vip_edition"] = edition or mine.public().featured()
        return response

    def get_urls(self):
        return [
            path(
                "invite-several/",
                self.admin_site.admin_view(self.invite_several),
                name="registration_invitation_several",
            ),
            path(
                "vip-list/<int:edition_id>/",
                self.admin_site.admin_view(self.vip_list),
                name="registration_invitation_vip_list",
            ),
            *super().get_urls(),
        ]

    @permission_required("registration.add_invitation")
    def invite_several(self, request):
        """Invite a pasted list of people in one go: all of them, or none when a line is
        refused (each refusal said with its line)."""
        form = InviteSeveralForm(request.POST or None)
        # Only the organisers' own editions and categories (the one scoping rule).
        form.fields["edition"].queryset = editions_for(request.user)
        form.fields["category"].queryset = scope(form.fields["category"].queryset, request.user)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            errors = []
            with transaction.atomic():
                for number, email, first, last, language, address in data["people"]:
                    try:
                        invitations.invite(
                            data["edition"],
                            actor=request.user,
                            category=data["category"],
                            email=email,
                            first_name=first,
                            last_name=last,
                            language=language or data["language"],
                            form_of_address=address,
                            vip=data["vip"],
                        )
                    except RegistrationError as error:
                        errors.append(_("Line %(n)d: %(error)s") % {"n": number, "error": error})
                if errors:
                    transaction.set_rollback(True)
            if errors:
                form.add_error("people", errors)
            else:
                count = len(data["people"])
                self.message_user(
                    request,
                    ngettext(
                        "%(n)d person invited (their mail is on its way).",
                        "%(n)d people invited (their mails are on their way).",
                        count,
                    )
                    % {"n": count},
                    messages.SUCCESS,
                )
                return redirect("admin:registration_invitation_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Invite several people"),
            "form": form,
        }
        return TemplateResponse(
            request, "admin/registration/invitation/invite_several.html", context
        )

    @permission_required("registration.export_vip_list")
    def vip_list(self, request, edition_id):
        """The welcome desk's list of VIP guests (PDF), recorded as an export of personal
        data."""
        edition = get_object_or_404(Edition, pk=edition_id)
        guests = list(invitations.vip_guests(edition))
        record(request.user, "registration.export_vip_list", edition=edition, count=len(guests))
        name = export_filename(_("VIP list"), edition) + ".pdf"
        return pdf_response(
            "registration/pdf/vip_list.html",
            {"edition": edition, "guests": guests, "printed": timezone.now()},
            name,
            request=request,
            inline=False,
        )
