"""Back-office: organisers' API tokens (key shown once, revocable, last use) and webhooks
(with a "send a test" button and the log of deliveries)."""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from rencontres.audit.log import record
from rencontres.core.permissions import ReadOnlyAdmin, permission_required

from .domain import tokens, webhooks
from .models import ApiToken, Delivery, Event, Scope, Webhook


class ApiTokenForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("permissions"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ApiToken
        fields = ["organiser", "name", "scopes", "expires_at"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    form = ApiTokenForm
    list_display = ["name", "organiser", "prefix", "scope_list", "created", "last_used_at", "state"]
    list_filter = ["organiser"]
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        # A token's rights are fixed at creation: a new token is made for new rights.
        if obj is not None:
            return [
                "organiser",
                "name",
                "scopes",
                "expires_at",
                "prefix",
                "created",
                "created_by",
                "last_used_at",
                "revoked_at",
            ]
        return []

    def get_fields(self, request, obj=None):
        return self.get_readonly_fields(request, obj) or [
            "organiser",
            "name",
            "scopes",
            "expires_at",
        ]

    @admin.display(description=_("permissions"))
    def scope_list(self, token):
        labels = dict(Scope.choices)
        return ", ".join(str(labels.get(scope, scope)) for scope in token.scopes)

    @admin.display(description=_("state"))
    def state(self, token):
        return _("revoked") if token.revoked_at else _("active")

    def save_model(self, request, obj, form, change):
        if change:
            return
        token, key = tokens.create(
            form.cleaned_data["organiser"],
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
            expires_at=form.cleaned_data["expires_at"],
            actor=request.user,
        )
        obj.pk = token.pk
        messages.warning(
            request,
            _("The key of this token, shown only now (copy it into the other system): %(key)s")
            % {"key": key},
        )

    def has_change_permission(self, request, obj=None):
        return (
            False
            if obj is not None and obj.revoked_at
            else super().has_change_permission(request, obj)
        )

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke(self, request, queryset):
        with transaction.atomic():
            for token in queryset.filter(revoked_at__isnull=True):
                tokens.revoke(token, request.user)
        self.message_user(request, _("Revoked: these tokens no longer open the API."))


class WebhookForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        label=_("events"),
        choices=[choice for choice in Event.choices if choice[0] != Event.TEST],
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Webhook
        fields = ["organiser", "url", "events", "active"]

    def clean_url(self):
        url = self.cleaned_data["url"]
        webhooks.check_url(url)
        return url


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    form = WebhookForm
    list_display = ["url", "organiser", "active", "created"]
    list_filter = ["organiser", "active"]
    readonly_fields = ["secret"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        latest = Delivery.objects.filter(webhook_id=object_id).order_by("-created", "-pk")[:20]
        extra = {"deliveries": latest, **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.secret = webhooks.new_secret()
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            record(
                request.user,
                "api.webhook_saved",
                target=obj,
                events=obj.events,
                active=obj.active,
                created=not change,
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            record(request.user, "api.webhook_deleted", target=obj)
            super().delete_model(request, obj)

    def get_urls(self):
        return [
            path(
                "<int:pk>/test/",
                self.admin_site.admin_view(self.send_test_view),
                name="api_webhook_test",
            )
        ] + super().get_urls()

    @permission_required("api.change_webhook")
    def send_test_view(self, request, pk):
        hook = get_object_or_404(Webhook, pk=pk)
        if request.method == "POST":
            webhooks.send_test(hook, request.user)
            messages.success(
                request, _("A test was queued: its delivery appears below within a minute.")
            )
        return HttpResponseRedirect(reverse("admin:api_webhook_change", args=[hook.pk]))


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["created", "webhook", "event", "status", "attempts", "response_code"]
    list_filter = ["status", "event"]
    fields = [
        "webhook",
        "event",
        "status",
        "attempts",
        "response_code",
        "error",
        "payload",
        "created",
        "last_attempt_at",
        "next_attempt_at",
    ]
    readonly_fields = fields
