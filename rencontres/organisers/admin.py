from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from rencontres.core.roles import ROLES

from . import scoping
from .domain import team
from .models import Membership, PublicSite

MANAGE = "organisers.manage_team"


class InviteForm(forms.ModelForm):
    email = forms.EmailField(label=_("e-mail"))
    first_name = forms.CharField(label=_("first name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("last name"), max_length=150, required=False)

    class Meta:
        model = Membership
        fields = ["organiser", "roles"]

    def clean(self):
        cleaned = super().clean()
        organiser, email = cleaned.get("organiser"), cleaned.get("email")
        if organiser and email and organiser.memberships.filter(user__email__iexact=email):
            self.add_error("email", _("This person is already in the team."))
        return cleaned


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """The organisers' teams: invite, change roles, remove; all in the audit trail."""

    list_display = ["member", "email", "organiser", "role_names", "created"]
    list_filter = ["organiser"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    list_select_related = ["user", "organiser"]

    @admin.display(description=_("name"), ordering="user__last_name")
    def member(self, obj):
        return obj.user.get_full_name() or obj.user.get_username()

    @admin.display(description=_("e-mail"), ordering="user__email")
    def email(self, obj):
        return obj.user.email

    @admin.display(description=_("roles"))
    def role_names(self, obj):
        return ", ".join(sorted(role.name for role in obj.roles.all()))

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("roles")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("organisers.view_membership") or request.user.has_perm(MANAGE)

    def has_add_permission(self, request):
        return request.user.has_perm(MANAGE)

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm(MANAGE)

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm(MANAGE)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "roles":
            # The roles of core/roles.py only: other groups are the superusers' business.
            kwargs["queryset"] = Group.objects.filter(name__in=ROLES).order_by("name")
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = InviteForm
        form = super().get_form(request, obj, **kwargs)
        if obj is None:
            # Only the teams this account manages.
            field = form.base_fields["organiser"]
            field.queryset = scoping.scope(field.queryset, request.user, MANAGE)
        return form

    def get_fields(self, request, obj=None):
        if obj:
            return ["user", "organiser", "roles"]
        return ["email", "first_name", "last_name", "organiser", "roles"]

    def get_readonly_fields(self, request, obj=None):
        return ["user", "organiser"] if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            team.change_roles(request.user, obj, form.cleaned_data["roles"])
            return
        data = form.cleaned_data
        membership = team.invite(
            request.user,
            data["organiser"],
            data["email"],
            data["roles"],
            first_name=data["first_name"],
            last_name=data["last_name"],
        )
        obj.pk, obj.user = membership.pk, membership.user
        messages.info(request, _("An invitation was sent to %(email)s.") % {"email": data["email"]})

    def save_related(self, request, form, formsets, change):
        """The roles were set by the team's domain functions."""

    def delete_model(self, request, obj):
        team.remove(request.user, obj)

    def delete_queryset(self, request, queryset):
        for membership in queryset:
            team.remove(request.user, membership)


@admin.register(PublicSite)
class PublicSiteAdmin(admin.ModelAdmin):
    """Where each organiser's public home is served (superusers only: it is set up with the
    front server's configuration)."""

    list_display = ["organiser", "domain", "prefix", "is_default"]
