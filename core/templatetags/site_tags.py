"""Template helpers used across apps."""

import json

from django import template
from django.templatetags.static import static
from django.utils.safestring import mark_safe

from core.cache import remember
from core.editor_images import with_pictures
from core.sanitizer import sanitize_html

register = template.Library()


@register.filter
def page_window(page):
    """Page numbers around the current page, with ellipses for the rest."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This page's one address: no tracking or filter parameters, only a page number > 1."""
    request = context["request"]
    url = request.build_absolute_uri(request.path)
    page = request.GET.get("page", "")
    if page.isdigit() and int(page) > 1:
        url += f"?page={int(page)}"
    return url


@register.simple_tag(takes_context=True)
def absolute_static(context, path):
    return context["request"].build_absolute_uri(static(path))


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    return context["request"].build_absolute_uri(url)


_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """``data`` as a JSON-LD block, escaped so no value can close the script element."""
    payload = json.dumps(data, ensure_ascii=False, default=str).translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """This page in every language: the same item where it exists in that language,
    otherwise its parent page there (section, list) and ``available`` False."""
    from django.conf import settings
    from django.urls import translate_url
    from django.utils.translation import get_language_info, override

    request = context["request"]
    item = context.get("object")
    current = context.get("LANGUAGE_CODE")
    alternates = []
    for code, _name in settings.LANGUAGES:
        available = not hasattr(item, "is_translated") or item.is_translated(code)
        if available:
            url = translate_url(request.get_full_path(), code)
        else:
            with override(code):
                url = item.get_parent_url()
        alternates.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
                "available": available,
                "current": code == current,
                "is_default": code == settings.LANGUAGE_CODE,
            }
        )
    return alternates


@register.filter
def richtext(html):
    """Rich text from the editor, sanitized as it is shown (it was sanitized when saved too):
    whatever wrote the column (``QuerySet.update()``, ``loaddata``, raw SQL), only the
    allowlist reaches the page. Our own editor uploads in it become ``<picture>``s of their
    stored renditions (core/editor_images.py), whose addresses and alt text are escaped."""
    return mark_safe(with_pictures(sanitize_html(html or "")))  # noqa: S308 - sanitized


class RememberNode(template.Node):
    def __init__(self, nodelist, parts):
        self.nodelist, self.parts = nodelist, parts

    def render(self, context):
        name = ":".join(str(part.resolve(context)) for part in self.parts)
        return remember(f"html:{name}", lambda: self.nodelist.render(context))


@register.tag("remember")
def do_remember(parser, token):
    """``{% remember "register-rows" request.get_full_path %}…{% endremember %}``: the
    enclosed HTML kept as a remembered value (``core.cache.remember``: at most
    CSTO_VALUE_CACHE_SECONDS old, per language; fresh for signed-in staff). The parts name
    everything the HTML depends on besides the language: for a list's rows, the page's
    address (path and filters). Never around anything personal (forms, the user)."""
    parts = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("endremember",))
    parser.delete_first_token()
    return RememberNode(nodelist, parts)
