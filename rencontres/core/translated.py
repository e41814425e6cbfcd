"""Translated content read as plain columns (core/prepared.py's rows), not model instances.

A content field has a column per language (django-modeltranslation: `title_fr`, `title_en`).
Rows that bypass the models give these columns; `texts()` makes them readable by the `tr`
filter (which marks a fallback's language) and by `value_and_language()`, the one rule that
picks a text: the active language's, else the first language that has one.
"""

from types import SimpleNamespace

from django.conf import settings
from django.utils.translation import get_language

CODES = [code for code, _name in settings.LANGUAGES]


def columns(*fields):
    """Each language's column of each field: columns("title") == ["title_fr", "title_en"]."""
    return [f"{field}_{code}" for field in fields for code in CODES]


def texts(field, values, **others):
    """An object with the field's columns (`values`, in CODES' order), for `tr`."""
    return SimpleNamespace(
        **{f"{field}_{code}": v for code, v in zip(CODES, values, strict=True)}, **others
    )


def value_and_language(obj, field):
    """(text, language): the field's text in the active language, with None; else in the
    first language that has one, with its code (a fallback, for a `lang` attribute)."""
    current = (get_language() or settings.LANGUAGE_CODE)[:2]
    own = getattr(obj, f"{field}_{current}", None)
    if own:
        return own, None
    for code in CODES:
        other = getattr(obj, f"{field}_{code}", None)
        if other:
            return other, code
    return getattr(obj, field, "") or "", None
