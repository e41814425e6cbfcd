"""Links from a figure to the filtered back-office list behind it."""

from urllib.parse import urlencode

from django.urls import reverse


def changelist(model_label, **filters):
    """`changelist("registration.registration", status__exact="waiting")` → its URL."""
    app_label, model_name = model_label.split(".")
    url = reverse(f"admin:{app_label}_{model_name}_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


def registrations(edition, **filters):
    return changelist("registration.registration", edition__id__exact=edition.pk, **filters)
