"""Which content fields exist in French and English (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Acknowledgement, CallQuestion, Criterion, HonouredCountry, LabelCall


@register(LabelCall)
class LabelCallTranslation(TranslationOptions):
    fields = ("title", "rules", "documents_required")


@register(Criterion)
class CriterionTranslation(TranslationOptions):
    fields = ("name", "description")


@register(CallQuestion)
class CallQuestionTranslation(TranslationOptions):
    fields = ("text",)


@register(HonouredCountry)
class HonouredCountryTranslation(TranslationOptions):
    fields = ("institutions", "look_back")


@register(Acknowledgement)
class AcknowledgementTranslation(TranslationOptions):
    fields = ("title", "text")
