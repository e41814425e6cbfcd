"""The audit trail in the back-office: read-only for everyone, with filters; each edition's
change page links to its own trail."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from rencontres.core.permissions import ReadOnlyAdmin

from .log import ACTIONS
from .models import ActivityLog


class ActionFilter(admin.SimpleListFilter):
    title = _("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return [(code, label) for code, label in ACTIONS.items()]

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(ActivityLog)
class ActivityLogAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["created", "actor_name", "action_label", "object_repr", "edition", "reason"]
    list_filter = ["edition", ActionFilter, "actor"]
    search_fields = ["object_repr", "actor_name", "reason"]
    date_hierarchy = "created"
    list_select_related = ["edition"]
    fields = [
        "created",
        "actor_name",
        "action_label",
        "edition",
        "object_repr",
        "reason",
        "data",
        "address",
    ]
    readonly_fields = fields

    @admin.display(description=_("action"), ordering="action")
    def action_label(self, entry):
        return entry.get_action_display()
