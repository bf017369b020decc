"""The topics app's reference data, registered once (see core/content.py)."""

from core import content

from .models import Topic

content.register_reference(
    Topic,
    translated=("name", "description"),
    sitemap={"changefreq": "daily", "priority": 0.5},
)
