"""Admin forms as the browser posts them: translated fields come once per language."""

from modeltranslation.translator import translator


def per_language(data, *models, language="en"):
    """``data`` with each translated field (``title``, or an inline's ``steps-0-note``) put
    under its ``_en`` name, and the other languages left empty."""
    translated = set()
    for model in models:
        translated |= set(translator.get_options_for_model(model).fields)
    posted = {}
    for key, value in data.items():
        if key.rsplit("-", 1)[-1] in translated:
            posted.update({f"{key}_en": "", f"{key}_ru": ""})
            posted[f"{key}_{language}"] = value
        else:
            posted[key] = value
    return posted
