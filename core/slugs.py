"""Readable Latin slugs for Russian and English titles, as the organization's site writes
them ("zasedanie-postoyannogo-soveta"), kept unique per model."""

from django.utils.text import slugify

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
    # Kazakh and Kyrgyz letters met in names of the member states' representatives.
    "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
}  # fmt: skip


def transliterate(text):
    out = []
    for char in text:
        lower = char.lower()
        out.append(_CYRILLIC.get(lower, char))
    return "".join(out)


def latin_slug(text, max_length=200):
    """``text`` as a lowercase ASCII slug, Cyrillic transliterated, cut at a word end."""
    slug = slugify(transliterate(text))
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug


def unique_slug(instance, text, field="slug"):
    """A slug from ``text`` not yet used by another row of ``instance``'s model."""
    max_length = instance._meta.get_field(field).max_length
    base = latin_slug(text, max_length - 6) or instance._meta.model_name
    others = type(instance)._base_manager.exclude(pk=instance.pk)
    candidate, number = base, 2
    while others.filter(**{field: candidate}).exists():
        candidate = f"{base}-{number}"
        number += 1
    return candidate
