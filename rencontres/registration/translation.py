"""Texts of categories and questions exist in French and English (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Category, Choice, Question


@register(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name",)


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("label", "help_text")


@register(Choice)
class ChoiceTranslation(TranslationOptions):
    fields = ("label",)
