"""The one way rich HTML gets to readers: an nh3 (ammonia) allowlist.

It keeps what the admin editor produces (paragraphs, headings, lists, links, images,
tables, emphasis) and drops everything else: scripts, event handlers, inline styles,
``javascript:``/``data:`` URLs, SVG, MathML, forms and embedded objects.
"""

import re

import nh3
from django.conf import settings

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "h5", "h6",
    "strong", "b", "em", "i", "u", "s", "sub", "sup", "small", "mark",
    "blockquote", "q", "cite", "abbr", "pre", "code", "hr",
    "ul", "ol", "li", "dl", "dt", "dd",
    "a", "img", "figure", "figcaption",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
}  # fmt: skip

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "ol": {"start", "reversed"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "q": {"cite"},
    "blockquote": {"cite"},
}

URL_SCHEMES = {"http", "https", "mailto", "tel"}


# CKEditor writes the space next to a bold or italic word as a non-breaking one
# ("in&nbsp;<strong>Minsk</strong>&nbsp;and"), which glues words together across a line end.
# Only there: a non-breaking space the editor typed on purpose ("16&nbsp;июля") stays.
_INLINE = r"(?:strong|b|em|i|u|s|sub|sup|small|mark|a|abbr|code|q|cite)"
_NBSP = r"(?:&nbsp;|\u00a0)"
_NBSP_AROUND_INLINE = [
    (re.compile(_NBSP + r"(<" + _INLINE + r"\b[^>]*>)"), r" \1"),  # before an opening tag
    (re.compile(r"(<" + _INLINE + r"\b[^>]*>)" + _NBSP), r"\1 "),  # right inside it
    (re.compile(_NBSP + r"(</" + _INLINE + r">)"), r" \1"),  # right before a closing tag
    (re.compile(r"(</" + _INLINE + r">)" + _NBSP), r"\1 "),  # after it
]


def normalise_spaces(html):
    """Ordinary spaces where the editor put non-breaking ones around inline formatting."""
    for pattern, replacement in _NBSP_AROUND_INLINE:
        html = pattern.sub(replacement, html)
    return html


def sanitize_html(html: str) -> str:
    """Return ``html`` reduced to the allowlist; safe to render with ``|safe``."""
    if not html:
        return ""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return normalise_spaces(cleaned).strip()


def sanitize_field(instance, field):
    """Sanitize ``field`` of a model instance in every language it is stored in
    (``body_en``, ``body_ru``…), whatever language the editor's admin was shown in."""
    names = [f"{field}_{code}" for code, _name in settings.LANGUAGES]
    names = [name for name in names if hasattr(instance, name)] or [field]
    for name in names:
        value = getattr(instance, name)
        if value:
            setattr(instance, name, sanitize_html(value))
