"""Participants' forms (profile, request, availability, directory filters) and organisers'."""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from rencontres.core.uploads import MB, clean_image
from rencontres.registration.forms import CleanTextMixin, FieldRenderer

from .models import SPOKEN_LANGUAGES, Profile, Theme

MAX_PHOTO_BYTES = 3 * MB


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class ProfileForm(CleanTextMixin, forms.ModelForm):
    default_renderer = FieldRenderer
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=SPOKEN_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Profile
        fields = [
            "opted_in",
            "themes",
            "offers",
            "offers_details",
            "seeks",
            "seeks_details",
            "cooperating_countries",
            "languages",
            "pitch_fr",
            "pitch_en",
            "photo",
            "max_meetings",
        ]
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "offers": forms.CheckboxSelectMultiple,
            "seeks": forms.CheckboxSelectMultiple,
            "offers_details": forms.Textarea(attrs={"rows": 3}),
            "seeks_details": forms.Textarea(attrs={"rows": 3}),
            "pitch_fr": forms.Textarea(attrs={"rows": 4, "lang": "fr"}),
            "pitch_en": forms.Textarea(attrs={"rows": 4, "lang": "en"}),
            "photo": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        }
        labels = {
            "pitch_fr": _("Short pitch in French"),
            "pitch_en": _("Short pitch in English"),
        }
        help_texts = {
            "themes": _("The themes your organisation works on."),
            "cooperating_countries": _(
                "French local authorities: the countries where you already have partners. "
                "Delegations from these countries will see you among their suggestions."
            ),
            "pitch_fr": _("At most 600 characters. Write it in French, in English or in both."),
            "pitch_en": _("At most 600 characters."),
            "photo": _("JPEG, PNG or WebP, at most 3 MB. Optional."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        themes = Theme.objects.all()
        for name in ("themes", "offers", "seeks"):
            self.fields[name].queryset = themes
        self.initial["languages"] = self.instance.language_codes

    def clean_languages(self):
        return ",".join(self.cleaned_data["languages"])

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if isinstance(photo, UploadedFile):
            # Re-encoded: what the camera added (GPS position, comments) is not kept.
            return clean_image(photo, max_bytes=MAX_PHOTO_BYTES)
        return photo


class RequestForm(CleanTextMixin, forms.Form):
    default_renderer = FieldRenderer
    message = forms.CharField(
        label=_("Message"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Why you would like to meet: your project, your question. At most 1000 characters."
        ),
    )
    colleagues = PersonChoiceField(
        label=_("Members of your delegation who come too"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    their_colleagues = PersonChoiceField(
        label=_("Members of their delegation you also invite"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Everyone chosen must be free at the same time: fewer people, more chances."),
    )

    def __init__(self, *args, mine, theirs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["colleagues"].queryset = mine
        self.fields["their_colleagues"].queryset = theirs
        if not mine.exists():
            del self.fields["colleagues"]
        if not theirs.exists():
            del self.fields["their_colleagues"]


def slot_label(slot):
    start = timezone.localtime(slot.start)
    end = timezone.localtime(slot.end)
    day = formats.date_format(start, "l j F")
    return f"{day}, {formats.time_format(start, 'TIME_FORMAT')}–{formats.time_format(end, 'TIME_FORMAT')}"


class AvailabilityForm(forms.Form):
    default_renderer = FieldRenderer
    busy = forms.MultipleChoiceField(
        label=_("I am not available for meetings in these slots"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The sessions you signed up for are already taken into account."),
    )

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["busy"].choices = [(s.id, slot_label(s)) for s in slots]


class DirectoryFilterForm(forms.Form):
    default_renderer = FieldRenderer
    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=Theme.objects.all(), required=False, to_field_name="slug"
    )
    type = forms.ChoiceField(label=_("Type of organisation"), required=False)
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", _("All"))] + SPOKEN_LANGUAGES, required=False
    )

    def __init__(self, *args, country_codes=(), **kwargs):
        from rencontres.registration.models import Registration

        super().__init__(*args, **kwargs)
        names = dict(countries)
        self.fields["country"].choices = [("", _("All"))] + sorted(
            ((code, names.get(code, code)) for code in country_codes), key=lambda c: str(c[1])
        )
        self.fields["type"].choices = [("", _("All"))] + list(Registration.OrganisationType.choices)


class RunForm(forms.Form):
    keep_published = forms.BooleanField(
        label=_("Keep the published meetings where they still fit (fewest changes)"),
        required=False,
        initial=True,
    )


class ImportForm(forms.Form):
    schedule = forms.FileField(
        label=_("Schedule file (b2b-schedule/1, JSON)"),
        help_text=_("For example the output of: rencontres-b2b solve instance.json"),
    )


class MoveForm(forms.Form):
    slot = forms.ChoiceField(label=_("Slot"))

    def __init__(self, *args, slots, tables, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [(s.id, slot_label(s)) for s in slots]
        self.fields["table"] = forms.IntegerField(label=_("Table"), min_value=1, max_value=tables)
