"""Helpers for the demo loaders (news/demo.py, meetings/demo.py)."""

from modeltranslation.translator import NotRegistered, translator


def get_or_create_translated(model, lookup, fields, russian=None):
    """``get_or_create`` where ``fields`` hold the English text and ``russian`` the Russian
    text of translated fields. An existing row only gets the Russian text it lacks: what
    editors changed is never overwritten, and a second run adds nothing."""
    try:
        translated = set(translator.get_options_for_model(model).fields)
    except NotRegistered:
        translated = set()
    russian = russian or {}
    defaults = {(f"{key}_en" if key in translated else key): value for key, value in fields.items()}
    defaults.update({f"{key}_ru": value for key, value in russian.items()})
    obj, created = model.objects.get_or_create(**lookup, defaults=defaults)
    if not created:
        missing = {f"{k}_ru": v for k, v in russian.items() if not getattr(obj, f"{k}_ru")}
        if missing:
            for name, value in missing.items():
                setattr(obj, name, value)
            obj.save()
    return obj, created


def demo_docx(title, *paragraphs):
    """A DOCX file (bytes) with a heading and paragraphs, written by python-docx: the demo's
    and the tests' stand-in for an official text, so nothing is downloaded."""
    from io import BytesIO

    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def attach(model, item, *, position, language, title, title_ru, name, content):
    """Attach a generated file to ``item`` (``model`` is its attachment model), unless that
    position already has a file in ``language``; returns 1 when one was attached. The file's
    text is read as on upload (core/attachments.py)."""
    from django.core.files.base import ContentFile

    from .content import entry_for

    of = entry_for(model).of
    if model.objects.filter(**{of: item, "position": position, "language": language}).exists():
        return 0
    attachment = model(
        **{of: item}, position=position, language=language, title_en=title, title_ru=title_ru
    )
    attachment.file = ContentFile(content, name=name)
    attachment.save()
    return 1
