from django import forms
from django.utils.translation import gettext_lazy as _

from rencontres.core.uploads import MB, clean_image, clean_pdf
from rencontres.registration.domain import travel

from .domain import speakers
from .models import Session, Speaker, SpeakerDocument


class ProgramFilterForm(forms.Form):
    """Filters of the public program (GET, so that a filtered page can be bookmarked)."""

    kind = forms.ChoiceField(label=_("Kind"), required=False)
    theme = forms.TypedChoiceField(label=_("Theme"), required=False, coerce=int, empty_value=None)
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, *args, themes=(), kinds=(), **kwargs):
        """`themes`: (pk, name) pairs; `kinds`: Session.Kind values."""
        super().__init__(*args, **kwargs)
        labels = dict(Session.Kind.choices)
        self.fields["kind"].choices = [("", _("All kinds"))] + [(k, labels[k]) for k in kinds]
        self.fields["theme"].choices = [("", _("All themes")), *themes]
        self.fields["language"].choices = [
            ("", _("All languages")),
            ("fr", _("In French")),
            ("en", _("In English")),
        ]
        if not themes:
            del self.fields["theme"]

    def filter(self, sessions):
        """Keep the cards (domain.cards.Card) that match the valid filters."""
        data = self.cleaned_data
        if data.get("kind"):
            sessions = [s for s in sessions if s.kind == data["kind"]]
        if data.get("theme"):
            sessions = [s for s in sessions if data["theme"] in s.theme_ids]
        if data.get("language"):
            # Interpretation serves both languages.
            wanted = {data["language"], Session.Language.INTERPRETATION}
            sessions = [s for s in sessions if s.language in wanted]
        return sessions

    def menus(self):
        """Each filter as the program's template writes its <select>: name, id, label, and
        (value, label, selected) options. Django's widgets render a template per option
        (and two more per field): they cost a sixth of a full render of the program page."""
        for bound in self:
            current = None if bound.data is None else str(bound.data)
            # Text already: the template then neither localises a number nor translates a
            # label once per option.
            options = [
                (str(value), str(label), str(value) == current)
                for value, label in bound.field.choices
            ]
            yield bound.html_name, bound.id_for_label, bound.label, options

    @property
    def active(self):
        return self.is_bound and self.is_valid() and any(self.cleaned_data.values())


class CafeChoiceForm(forms.Form):
    first = forms.TypedChoiceField(label=_("First choice"), coerce=int)
    second = forms.TypedChoiceField(label=_("Second choice"), coerce=int)
    third = forms.TypedChoiceField(label=_("Third choice"), coerce=int)

    def __init__(self, *args, cafes=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Choose a café"))] + [(cafe.pk, cafe.title) for cafe in cafes]
        for name in ("first", "second", "third"):
            self.fields[name].choices = choices

    def clean(self):
        data = super().clean()
        picked = [data.get(name) for name in ("first", "second", "third")]
        if None not in picked and len(set(picked)) != 3:
            raise forms.ValidationError(_("Choose three different cafés."))
        return data

    def ranked(self):
        return [self.cleaned_data[name] for name in ("first", "second", "third")]


DOCUMENT_MAX_MB = 20


class SpeakerPhotoMixin:
    """A new photo is re-encoded (metadata dropped), whether the speaker or an organiser
    sends it."""

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and photo is not self.instance.photo and hasattr(photo, "content_type"):
            return clean_image(photo)
        return photo


class SpeakerProfileForm(SpeakerPhotoMixin, forms.ModelForm):
    """What a speaker checks and completes in their space (bio and function in both
    languages: the program is printed in both)."""

    photo_rights = forms.BooleanField(
        label=_(
            "I allow the organisers to publish this photo on the program and the meeting's site."
        ),
        required=False,
    )

    class Meta:
        model = Speaker
        fields = [
            "name",
            "function_fr",
            "function_en",
            "organisation",
            "country",
            "bio_fr",
            "bio_en",
            "photo",
            "travel_needs",
            "arrival",
            "departure",
        ]
        labels = speakers.LABELS
        help_texts = {
            "photo": _("JPEG, PNG or WebP, 5 MB at most; its metadata (place, camera) is removed."),
            "travel_needs": _("Transport, hotel, accessibility: what the organisers should know."),
        }
        widgets = {
            "arrival": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "departure": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "photo": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photo_rights"].initial = self.instance.photo_rights_at is not None

    def clean(self):
        data = super().clean()
        travel.check_dates(self, data, self.instance.edition)
        return data

    def save(self, commit=True):
        speakers.confirm_photo_rights(self.instance, self.cleaned_data["photo_rights"])
        return super().save(commit)


class SpeakerDocumentForm(forms.ModelForm):
    class Meta:
        model = SpeakerDocument
        fields = ["session", "title", "file", "publish"]
        labels = {"file": _("PDF file")}
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": "application/pdf"})}

    def __init__(self, *args, speaker, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.speaker = speaker
        self.fields["file"].help_text = _("PDF only, %(size)d MB at most.") % {
            "size": DOCUMENT_MAX_MB
        }
        self.fields["session"].queryset = Session.objects.filter(
            speaker_roles__speaker=speaker
        ).order_by("start")

    def clean_file(self):
        return clean_pdf(self.cleaned_data["file"], max_bytes=DOCUMENT_MAX_MB * MB)
