"""Reading a content text in the parent's language.

Content rows store English in the plain field (`text`) and Spanish beside it (`text_es`); an empty
translation falls back to English rather than showing nothing.
"""

from django.utils.translation import get_language


def in_language(obj, field: str, language: str | None = None) -> str:
    """`obj.<field>` in the given (or active) language; English is stored without a suffix."""
    language = (language or get_language() or "en")[:2]
    if language != "en":
        translated = getattr(obj, f"{field}_{language}", "")
        if translated:
            return translated
    return getattr(obj, field)
