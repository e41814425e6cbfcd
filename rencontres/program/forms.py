from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Session


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
