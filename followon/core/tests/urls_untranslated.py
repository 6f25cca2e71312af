"""The project's URLs without i18n_patterns: what every English address was before languages (ADR 0027)."""

from followon.config.urls import translated_patterns, untranslated_patterns

urlpatterns = [*translated_patterns, *untranslated_patterns]
