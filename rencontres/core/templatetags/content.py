"""Show a translated content field, marking the language when it falls back to the other one.

A screen reader must read a French text with a French voice on the English site, so a
fallback is wrapped in an element with its own `lang`.
"""

from django import template
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe

from rencontres.core.translated import value_and_language

register = template.Library()


@register.filter
def tr(obj, field):
    """Inline text of a translated field, in a <span lang> when it falls back."""
    value, lang = value_and_language(obj, field)
    if lang:
        return format_html('<span lang="{}">{}</span>', lang, value)
    return value


@register.filter
def tr_paragraphs(obj, field):
    """A multi-paragraph translated field, as paragraphs, in a <div lang> when it falls back."""
    value, lang = value_and_language(obj, field)
    html = linebreaks(value, autoescape=True)
    if lang:
        return format_html('<div lang="{}">{}</div>', lang, mark_safe(html))  # noqa: S308
    return mark_safe(html)  # noqa: S308 -- linebreaks escaped the text
