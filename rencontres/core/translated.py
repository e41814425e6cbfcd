"""Translated content read as plain columns (core/prepared.py's rows), not model instances.

A content field has a column per language (django-modeltranslation: `title_fr`, `title_en`).
Rows that bypass the models give these columns; `texts()` makes them readable by the `tr`
filter (which marks a fallback's language), `in_language()` picks the text as the model would.
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


def in_language(values):
    """The text in the active language, else the first given (modeltranslation's fallback)."""
    current = (get_language() or settings.LANGUAGE_CODE)[:2]
    return dict(zip(CODES, values, strict=True)).get(current) or next(filter(None, values), "")
