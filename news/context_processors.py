from core.cache import remember

from .models import Section


def menu_sections():
    """The sections in menu order, remembered, for the section pages (the header's menu
    comes with the press office's pages from ``website/navigation.py``)."""
    return remember("news:menu-sections", lambda: list(Section.objects.all()))
