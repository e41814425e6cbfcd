"""The compose form: the message in both languages and the filters of its recipients."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from rencontres.core.uploads import MB, clean_pdf
from rencontres.program.models import Session
from rencontres.registration.models import Category, Question, Registration

from .domain import automatic, render, segment
from .domain import survey as survey_domain
from .models import AutomaticMail, Message

MAX_ATTACHMENT = 5 * MB

# Form fields of the filters; "status" of the segment is `registration_status` here, since
# the message has a status of its own.
SEGMENT_FIELDS = [
    "registration_status",
    "category",
    "country",
    "organisation_type",
    "language",
    "coordinators",
    "session",
    "b2b",
    "checked_in",
    "question",
    "answer",
]


def segment_key(field_name):
    return "status" if field_name == "registration_status" else field_name


def describe(message):
    """The filters of a message as an organiser reads them: "label: values" lines."""
    form = MessageForm(instance=message)
    lines = []
    for name in SEGMENT_FIELDS:
        value = message.segment.get(segment_key(name))
        if name not in form.fields or value in (None, "", [], False):
            continue
        field = form.fields[name]
        values = value if isinstance(value, list) else [value]
        if hasattr(field, "queryset"):
            shown = [str(item) for item in field.queryset.model.objects.filter(pk__in=values)]
        elif getattr(field, "choices", None):
            labels = dict(field.choices)
            shown = [str(labels.get(item, item)) for item in values]
        else:
            shown = [str(item) for item in values]
        lines.append(
            _("%(label)s: %(values)s") % {"label": field.label, "values": ", ".join(shown)}
        )
    return lines


def check_versions(form, data, allowed=None):
    """The French and English versions of a text: each complete or empty, at least one
    written, placeholders known (`allowed`, default: those of messages)."""
    for language in ("fr", "en"):
        subject, body = f"subject_{language}", f"body_{language}"
        texts = {name: (data.get(name) or "") for name in (subject, body)}
        if texts[body].strip() and not texts[subject].strip():
            form.add_error(subject, _("Give a subject to this version."))
        elif texts[subject].strip() and not texts[body].strip():
            form.add_error(body, _("Write the text of this version."))
        for name, text in texts.items():
            try:
                render.check(text, allowed)
            except forms.ValidationError as error:
                form.add_error(name, error)
    if not any((data.get(f"body_{language}") or "").strip() for language in ("fr", "en")):
        form.add_error("body_fr", _("Write the message in French, English or both."))


class AttachmentInput(forms.ClearableFileInput):
    # Django groups a file input's parts in a fieldset without a label on the input itself,
    # which screen readers then announce unnamed: a plain label is enough for one file.
    use_fieldset = False


class MessageForm(forms.ModelForm):
    registration_status = forms.MultipleChoiceField(
        label=_("status"),
        choices=Registration.Status.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: everyone still registered (not cancelled nor refused)."),
    )
    category = forms.ModelMultipleChoiceField(
        label=_("category"),
        queryset=Category.objects.select_related("edition"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    country = forms.MultipleChoiceField(label=_("country"), choices=countries, required=False)
    organisation_type = forms.MultipleChoiceField(
        label=_("type of organisation"),
        choices=Registration.OrganisationType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    language = forms.MultipleChoiceField(
        label=_("language for mails"),
        choices=Registration.Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    coordinators = forms.BooleanField(label=_("delegation coordinators only"), required=False)
    session = forms.ModelChoiceField(
        label=_("signed up to the session"),
        queryset=Session.objects.select_related("edition"),
        required=False,
    )
    b2b = forms.ChoiceField(
        label=_("B2B meetings"),
        choices=[("", _("with or without")), ("with", _("with")), ("without", _("without"))],
        required=False,
    )
    checked_in = forms.ChoiceField(
        label=_("checked in at the entrance"),
        choices=[("", _("either")), ("yes", _("yes")), ("no", _("no"))],
        required=False,
    )
    question = forms.ModelChoiceField(
        label=_("answered the question"),
        queryset=Question.objects.select_related("edition"),
        required=False,
    )
    answer = forms.CharField(
        label=_("with the answer"),
        required=False,
        max_length=200,
        help_text=_("Empty: any answer. For a choice, its label; for yes or no: yes or no."),
    )

    class Meta:
        model = Message
        fields = [
            "edition",
            "kind",
            "subject_fr",
            "body_fr",
            "subject_en",
            "body_en",
            "attachment",
            "scheduled_at",
        ]
        widgets = {
            "body_fr": forms.Textarea(attrs={"rows": 10}),
            "body_en": forms.Textarea(attrs={"rows": 10}),
            "attachment": AttachmentInput(attrs={"accept": "application/pdf"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        help = _("Placeholders: %(names)s. Plain text: HTML is shown as it is written.") % {
            "names": ", ".join("{" + name + "}" for name in render.PLACEHOLDERS)
        }
        for name in ("body_fr", "body_en"):
            if name in self.fields:
                self.fields[name].help_text = help
        edition = self.instance.edition if self.instance.edition_id else None
        if edition is not None:
            for name in ("category", "session", "question"):
                self.fields[name].queryset = self.fields[name].queryset.filter(edition=edition)
        if not segment.onsite_installed():
            del self.fields["checked_in"]
        for name in SEGMENT_FIELDS:
            if name in self.fields and segment_key(name) in self.instance.segment:
                self.initial[name] = self.instance.segment[segment_key(name)]

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload and hasattr(upload, "content_type"):
            # Checked by content (core.uploads): a renamed file is not a PDF.
            try:
                clean_pdf(upload, max_bytes=MAX_ATTACHMENT)
            except ValidationError as error:
                if error.code == "too_large":
                    raise forms.ValidationError(_("The attachment is larger than 5 MB.")) from None
                raise forms.ValidationError(_("The attachment is not a PDF file.")) from None
        return upload

    def clean_scheduled_at(self):
        when = self.cleaned_data.get("scheduled_at")
        if when and when < timezone.now():
            raise forms.ValidationError(_("This time is in the past."))
        return when

    def clean(self):
        data = super().clean()
        check_versions(self, data)
        edition = data.get("edition")
        if edition is not None:
            for name in ("category", "session", "question"):
                chosen = data.get(name)
                items = list(chosen) if name == "category" else [chosen] if chosen else []
                if any(item.edition_id != edition.pk for item in items):
                    self.add_error(name, _("Choose among this edition's."))
        if not self.errors and edition is not None:
            wanted = self.segment()
            information = data.get("kind") == Message.Kind.INFORMATION
            if not segment.recipients(edition, wanted, information=information).exists():
                raise forms.ValidationError(
                    _("No one matches these filters: widen them to have recipients.")
                )
        return data

    def segment(self):
        """The filters as stored on the message (only those that narrow the recipients)."""
        data = self.cleaned_data
        result = {}
        for name in SEGMENT_FIELDS:
            value = data.get(name)
            if name == "category":
                value = [category.pk for category in value or []]
            elif name in ("session", "question"):
                value = value.pk if value else None
            if value not in (None, "", [], False):
                result[segment_key(name)] = value
        return result

    def save(self, commit=True):
        self.instance.segment = self.segment()
        return super().save(commit)


RATING_CHOICES = [(str(n), str(n)) for n in range(1, 6)]


class SurveyForm(forms.Form):
    """The survey as a participant answers it, in their language."""

    overall = forms.TypedChoiceField(
        label=_("Overall, how satisfied are you with this edition? (1: not at all, 5: very)"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, survey, sessions, language, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(survey.questions.all())
        self.sessions = sessions if survey.rate_sessions else []
        for question in self.questions:
            label = (
                question.label_en if language == "en" and question.label_en else question.label_fr
            )
            name = f"q{question.pk}"
            if question.kind == question.Kind.RATING:
                field = forms.TypedChoiceField(
                    choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect
                )
            elif question.kind == question.Kind.CHOICE:
                options = survey_domain.choices(question, language)
                field = forms.TypedChoiceField(
                    choices=[(str(i), text) for i, text in enumerate(options)],
                    coerce=int,
                    widget=forms.RadioSelect,
                )
            else:
                field = forms.CharField(max_length=3000, widget=forms.Textarea(attrs={"rows": 4}))
            field.label, field.required = label, False
            self.fields[name] = field
        for session in self.sessions:
            self.fields[f"s{session.pk}"] = forms.TypedChoiceField(
                label=_("Your rating of “%(session)s”") % {"session": session.title},
                choices=RATING_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                required=False,
            )

    def answers(self):
        data = self.cleaned_data
        return {
            str(q.pk): data[f"q{q.pk}"]
            for q in self.questions
            if data.get(f"q{q.pk}") not in (None, "")
        }

    def session_ratings(self):
        data = self.cleaned_data
        return {
            str(s.pk): data[f"s{s.pk}"]
            for s in self.sessions
            if data.get(f"s{s.pk}") not in (None, "")
        }


class AutomaticMailForm(forms.ModelForm):
    key = forms.ChoiceField(label=_("mail"), choices=[])

    class Meta:
        model = AutomaticMail
        fields = ["edition", "key", "subject_fr", "body_fr", "subject_en", "body_en"]
        widgets = {
            "body_fr": forms.Textarea(attrs={"rows": 10}),
            "body_en": forms.Textarea(attrs={"rows": 10}),
        }
        help_texts = {"body_en": _("Empty in a language: the default text goes in it.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [
            (key, label) for key, (label, _extra) in automatic.MAILS.items()
        ]

    def clean(self):
        data = super().clean()
        key = data.get("key")
        if key:
            check_versions(self, data, automatic.placeholders(key))
        return data
