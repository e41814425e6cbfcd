"""Admin actions that ask the organiser for a reason before acting (kept in the trail).

def refuse(self, request, queryset):
    reason, page = ask_reason(self, request, queryset, _("Refuse these registrations"))
    if page:
        return page
    ... record(request.user, "registration.refuse", target=..., reason=reason)
"""

from django import forms
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Kept in the history for the organisers; the participant does not see it."),
    )


def ask_reason(model_admin, request, queryset, title):
    """(reason, None) once the organiser has confirmed, else (None, the page that asks)."""
    form = ReasonForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        return form.cleaned_data["reason"], None
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "form": form,
        "queryset": queryset,
        "action": request.POST.get("action", ""),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "opts": model_admin.model._meta,
    }
    return None, TemplateResponse(request, "admin/audit/ask_reason.html", context)
