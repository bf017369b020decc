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


def document_form_data(body, **fields):
    """The admin's document form as a browser posts it, with no step rows unless ``fields``
    add some (``steps-0-date=…``, with ``steps-TOTAL_FORMS``)."""
    from meetings.models import Document, DocumentStep

    data = {
        "title": "Joint statement", "slug": "joint-statement", "kind": "statement",
        "body": body.pk, "reference_number": "", "summary": "", "status": "draft",
        "published_at_0": "2024-07-16", "published_at_1": "10:00:00",
        "steps-TOTAL_FORMS": "0", "steps-INITIAL_FORMS": "0",
    }  # fmt: skip
    return per_language({**data, **fields}, Document, DocumentStep)
