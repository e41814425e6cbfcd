"""The press release exists in French and English (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import PressPage


@register(PressPage)
class PressPageTranslation(TranslationOptions):
    fields = ("release_title", "release_text")
