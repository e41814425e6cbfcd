from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from rencontres.core.uploads import clean_document

from .models import SCORE_MAX, Application, Juror

FIELDS = [
    "authority",
    "country",
    "contact_name",
    "email",
    "phone",
    "elected_official",
    "language",
    "project_title",
    "partners_abroad",
    "crisis",
    "results",
]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class DocumentsField(forms.FileField):
    """Several files at once, each checked by its content (PDF, or an image re-encoded)."""

    widget = MultipleFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png,image/webp"})

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, (list, tuple)) else [data] if data else []
        cleaned, errors = [], []
        for upload in uploads:
            try:
                cleaned.append(clean_document(super().clean(upload, initial)))
            except ValidationError as error:
                errors.extend(f"{upload.name}{_(':')} {message}" for message in error.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned


class ApplicationForm(forms.ModelForm):
    """The public application: who applies, the project, the call's questions, documents."""

    field_template_name = "registration/forms/field.html"
    documents = DocumentsField(
        label=_("Documents"),
        required=False,
        help_text=_("PDF or images (JPEG, PNG, WebP), 10 MB at most each; several at once."),
    )

    class Meta:
        model = Application
        fields = FIELDS

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        if not self.instance.pk:
            self.fields["language"].initial = (get_language() or settings.LANGUAGE_CODE)[:2]
        self.fields["phone"].label = _("Phone (optional)")
        for question in call.questions.all():
            self.fields[f"q_{question.pk}"] = forms.CharField(
                label=question.text,
                required=question.required,
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=4000,
                initial=self.instance.answers.get(str(question.pk), ""),
            )
        for name in ("partners_abroad", "crisis", "results"):
            self.fields[name].widget.attrs["rows"] = 4
        if call.document_lines:
            self.fields["documents"].help_text = _(
                "Documents required: %(list)s. PDF or images (JPEG, PNG, WebP), 10 MB at most "
                "each; several at once."
            ) % {"list": "; ".join(call.document_lines)}

    def clean(self):
        cleaned = super().clean()
        has_documents = self.instance.pk and self.instance.documents.exists()
        missing = not cleaned.get("documents") and not has_documents
        if self.call.document_lines and missing and "documents" not in self.errors:
            self.add_error("documents", _("Attach the documents the call asks for."))
        return cleaned

    def answers(self):
        return {
            str(question.pk): self.cleaned_data.get(f"q_{question.pk}", "")
            for question in self.call.questions.all()
        }

    def application_fields(self):
        return {name: self.cleaned_data[name] for name in FIELDS}


class InviteJurorForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    authority = Juror._meta.get_field("authority").formfield()
    country = Juror._meta.get_field("country").formfield()
    language = forms.ChoiceField(
        label=_("Language of the mail"), choices=settings.LANGUAGES, initial="fr"
    )


class ConflictsForm(forms.Form):
    conflicts = forms.ModelMultipleChoiceField(
        label=_("Applications I have a conflict of interest with"),
        queryset=Application.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conflicts"].queryset = Application.objects.filter(
            pk__in=[a.pk for a in applications]
        ).select_related("call__edition")


class ScoreForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"c_{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.name} (×{criterion.weight})",
                min_value=0,
                max_value=SCORE_MAX,
                help_text=criterion.description,
            )

    def values(self):
        return {c.pk: self.cleaned_data[f"c_{c.pk}"] for c in self.criteria}
