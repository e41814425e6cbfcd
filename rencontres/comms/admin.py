from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from rencontres.audit.log import record
from rencontres.core.permissions import has_permission

from .mail import send_again
from .models import Mail
from .names import name


class KindFilter(admin.SimpleListFilter):
    title = _("kind of mail")
    parameter_name = "template"

    def lookups(self, request, model_admin):
        templates = Mail.objects.order_by().values_list("template", flat=True).distinct()
        return sorted(((t, name(t)) for t in templates), key=lambda item: str(item[1]))

    def queryset(self, request, queryset):
        return queryset.filter(template=self.value()) if self.value() else queryset


@admin.register(Mail)
class MailAdmin(admin.ModelAdmin):
    """The delivery log: what was sent to whom, what failed and why; send again from here."""

    list_display = ["created", "to", "kind", "subject", "language", "status", "attempts", "sent_at"]
    list_filter = ["status", KindFilter, "language", "edition"]
    search_fields = ["to", "subject", "registration__last_name"]
    date_hierarchy = "created"
    list_select_related = ["edition"]
    actions = ["send_again"]
    readonly_fields = [
        "to",
        "subject",
        "language",
        "kind",
        "reply_to",
        "status",
        "attempts",
        "last_error",
        "registration",
        "edition",
        "created",
        "last_attempt_at",
        "next_attempt_at",
        "sent_at",
        "body_text",
    ]
    exclude = ["body_html", "template"]

    @admin.display(description=_("kind of mail"), ordering="template")
    def kind(self, obj):
        return name(obj.template)

    has_send_again_permission = has_permission("comms.send_again_mail")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # The log is evidence of what participants were told: never deleted by hand.
        return False

    @admin.action(description=_("Send again"), permissions=["send_again"])
    @transaction.atomic
    def send_again(self, request, queryset):
        count = send_again(queryset)
        for mail in queryset.select_related("registration", "edition"):
            record(
                request.user,
                "comms.send_again",
                target=mail.registration or mail,
                edition=mail.edition,
                mail=mail.pk,
                subject=mail.subject,
            )
        self.message_user(
            request,
            ngettext("%(count)d mail queued again.", "%(count)d mails queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )
