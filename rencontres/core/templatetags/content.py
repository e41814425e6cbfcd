"""Show a translated content field, marking the language when it falls back to the other one.

A screen reader must read a French text with a French voice on the English site, so a
fallback is wrapped in an element with its own `lang`.
"""

from django import template
from django.conf import settings
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()


def _value_and_lang(obj, field):
    current = (get_language() or settings.LANGUAGE_CODE)[:2]
    own = getattr(obj, f"{field}_{current}", None)
    if own:
        return own, None
    for code, _name in settings.LANGUAGES:
        other = getattr(obj, f"{field}_{code}", None)
        if other:
            return other, code
    return getattr(obj, field, "") or "", None


@register.filter
def tr(obj, field):
    """Inline text of a translated field, in a <span lang> when it falls back."""
    value, lang = _value_and_lang(obj, field)
    if lang:
        return format_html('<span lang="{}">{}</span>', lang, value)
    return value


@register.filter
def tr_paragraphs(obj, field):
    """A multi-paragraph translated field, as paragraphs, in a <div lang> when it falls back."""
    value, lang = _value_and_lang(obj, field)
    html = linebreaks(value, autoescape=True)
    if lang:
        return format_html('<div lang="{}">{}</div>', lang, mark_safe(html))  # noqa: S308
    return mark_safe(html)  # noqa: S308 -- linebreaks escaped the text
