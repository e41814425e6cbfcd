from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Edition


def date_input():
    # A date field takes only ISO dates: in the French format the suggested dates would
    # be dropped by the browser and the form sent empty.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NextEditionForm(forms.Form):
    start_date = forms.DateField(label=_("First day"), widget=date_input())
    end_date = forms.DateField(label=_("Last day"), widget=date_input())
    number = forms.IntegerField(label=_("Edition number"), min_value=1)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The edition cannot end before it starts."))
        number = data.get("number")
        if number and Edition.objects.filter(number=number).exists():
            self.add_error("number", _("An edition with this number already exists."))
        return data
