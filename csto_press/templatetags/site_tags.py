"""Template helpers used across apps."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **changes):
    """The current query string with some parameters replaced (keeps filters when paging)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@register.filter
def page_window(page):
    """Page numbers around the current page, with ellipses for the rest."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
