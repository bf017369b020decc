from django.utils.functional import SimpleLazyObject

from core.cache import remember

from .models import Section


def menu_sections():
    """The sections of the header menu, in menu order: one query per site version (every
    save of a section changes the version), shared by every page and the section pages."""
    return remember("news:menu-sections", lambda: list(Section.objects.all()))


def navigation(request):
    """Sections for the header menu; lazy, so pages that don't show it don't look it up."""
    return {"nav_sections": SimpleLazyObject(menu_sections)}
