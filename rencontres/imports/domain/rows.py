"""Check each row of a file as the registration form would, before anything is written."""

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries

from rencontres.registration.domain import duplicates
from rencontres.registration.forms import refuse_control_characters
from rencontres.registration.models import Registration

from .columns import FIELDS, REQUIRED, normalise


@dataclass
class Row:
    number: int  # as the spreadsheet numbers it: the header is line 1
    cells: list
    data: dict = field(default_factory=dict)
    delegation: str = ""
    errors: list = field(default_factory=list)
    # Likely duplicates of registrations already there: (registration, reasons).
    duplicates: list = field(default_factory=list)

    @property
    def valid(self):
        return not self.errors


def country_lookup():
    """Normalised name (French or English) or ISO code → ISO alpha-2 code."""
    found = {}
    for language in ("en", "fr"):
        with translation.override(language):
            for code, name in countries:
                found[normalise(name)] = code
    for code in countries.countries:
        found[normalise(code)] = code
        found[normalise(countries.alpha3(code))] = code
    return found


def category_lookup(edition):
    found = {}
    for category in edition.categories.all():
        for text in (category.code, category.name_fr, category.name_en):
            if text:
                found[normalise(text)] = category
    return found


def _choice_lookup(choices):
    """Stored values and labels in both languages → value."""
    found = {}
    for language in ("en", "fr"):
        with translation.override(language):
            for value, label in choices:
                found[normalise(value)] = value
                found[normalise(str(label))] = value
    return found


CIVILITIES = {"mme": "mrs", "madame": "mrs", "ms": "mrs", "m": "mr", "monsieur": "mr"}
LANGUAGES = {"francais": "fr", "french": "fr", "anglais": "en", "english": "en"}


def check(batch):
    """[Row] for every row of the batch, each with its data or its errors."""
    countries_by_name = country_lookup()
    categories = category_lookup(batch.edition)
    civilities = {**_choice_lookup(Registration.Civility.choices), **CIVILITIES}
    languages = {**_choice_lookup(Registration.Language.choices), **LANGUAGES}
    organisation_types = _choice_lookup(Registration.OrganisationType.choices)
    mapping = {int(index): name for index, name in batch.mapping.items() if name}
    width = len(batch.headers)
    emails = Counter()
    rows = []
    for offset, cells in enumerate(batch.rows):
        row = Row(number=offset + 2, cells=cells)
        rows.append(row)
        if len(cells) > width:
            row.errors.append(
                _("This row has %(count)d cells, more than the %(width)d columns of the header.")
                % {"count": len(cells), "width": width}
            )
        values = {
            name: cells[index] if index < len(cells) else "" for index, name in mapping.items()
        }
        for name in REQUIRED:
            if not values.get(name):
                row.errors.append(_("%(field)s is missing.") % {"field": FIELDS[name][0]})
        data = row.data
        for name, value in values.items():
            if name in REQUIRED and not value:
                continue
            try:
                # The form's rule: no control, direction-changing or only invisible characters.
                refuse_control_characters(value)
            except ValidationError as error:
                row.errors.append(
                    _("%(field)s: %(error)s")
                    % {"field": FIELDS[name][0], "error": error.messages[0]}
                )
                continue
            if name == "email":
                try:
                    validate_email(value)
                    if len(value) > Registration._meta.get_field("email").max_length:
                        raise ValidationError("too long")
                    data["email"] = value.lower()
                    emails[data["email"]] += 1
                except ValidationError:
                    row.errors.append(
                        _("The e-mail address “%(value)s” is not valid.") % {"value": value}
                    )
            elif name == "country":
                code = countries_by_name.get(normalise(value))
                if code:
                    data["country"] = code
                else:
                    row.errors.append(
                        _("The country “%(value)s” is not recognised.") % {"value": value}
                    )
            elif name == "category":
                if not value:
                    continue
                category = categories.get(normalise(value))
                if category:
                    data["category"] = category
                else:
                    row.errors.append(
                        _("The category “%(value)s” is unknown for this edition.")
                        % {"value": value}
                    )
            elif name in ("civility", "language", "organisation_type"):
                lookup = {"civility": civilities, "language": languages}.get(
                    name, organisation_types
                )
                if not value:
                    continue
                if known := lookup.get(normalise(value)):
                    data[name] = known
                else:
                    row.errors.append(
                        _("“%(value)s” is not a known value for %(field)s.")
                        % {"value": value, "field": FIELDS[name][0]}
                    )
            elif name == "delegation":
                row.delegation = value
            else:
                limit = Registration._meta.get_field(name).max_length
                if limit and len(value) > limit:
                    row.errors.append(
                        _("%(field)s is longer than %(max)d characters.")
                        % {"field": FIELDS[name][0], "max": limit}
                    )
                data[name] = value
        if "category" not in data and not row.errors:
            if batch.default_category is None:
                row.errors.append(
                    _("No category: map a column to it or choose a category for the whole file.")
                )
            else:
                data["category"] = batch.default_category
    for row in rows:
        if emails.get(row.data.get("email"), 0) > 1:
            row.errors.append(_("This e-mail address appears more than once in the file."))
    _flag_duplicates(batch.edition, rows)
    return rows


def _flag_duplicates(edition, rows):
    """An address already registered for the edition is an error (it would only get its link
    again); a likely duplicate (same name and organisation, same phone, or someone of another
    edition) is shown for the organiser to judge."""
    here = duplicates.index_for(edition)
    for row in rows:
        if not row.data:
            continue
        matches = here.matches(row.data)
        for registration, kinds in matches.items():
            if "email" in kinds:
                row.errors.append(
                    _("%(email)s is already registered for this edition (%(reference)s).")
                    % {"email": registration.email, "reference": registration.reference}
                )
            else:
                row.duplicates.append((registration, [duplicates.reason_label(k) for k in kinds]))
