from .models import Section


def navigation(request):
    """Sections for the header menu; a lazy queryset, so pages that don't show it don't query."""
    return {"nav_sections": Section.objects.all()}
