"""Topic pages: every topic, and one topic's tagged items (all types, or one: ``?type=``).

An unknown topic is a 404; an unknown ``type`` is ignored (every type is shown).
"""

from django.http import Http404
from django.views.generic import ListView, TemplateView

from core.cache import remember
from core.pagination import CachedCountMixin

from .listing import BY_KEY, KINDS
from .models import Topic

PREVIEW_SIZE = 5


def all_topics():
    """Every topic, remembered (a handful; every page of a topic looks its own up here)."""
    return remember("topics:all", lambda: list(Topic.objects.all()))


def topic_or_404(slug):
    topic = next((topic for topic in all_topics() if topic.slug == slug), None)
    if topic is None:
        raise Http404("No such topic.")
    return topic


class TopicListView(TemplateView):
    template_name = "topics/topic_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(topics=all_topics(), **kwargs)


class TopicDetailView(CachedCountMixin, ListView):
    """With ``?type=``: that type's items, paginated. Without: the newest few of each type,
    with a link to the rest (one query per type, no count)."""

    template_name = "topics/topic_detail.html"
    context_object_name = "items"
    paginate_by = 20
    allow_empty = True

    def get(self, request, *args, **kwargs):
        self.topic = topic_or_404(kwargs["slug"])
        self.kind = BY_KEY.get(request.GET.get("type", ""))
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return self.kind.tagged(self.topic) if self.kind else []

    def get_paginate_by(self, queryset):
        return self.paginate_by if self.kind else None

    def get_context_data(self, **kwargs):
        groups = []
        if self.kind is None:
            for kind in KINDS:
                found = kind.dated(kind.tagged(self.topic)[: PREVIEW_SIZE + 1])
                groups.append(
                    {"kind": kind, "items": found[:PREVIEW_SIZE], "more": len(found) > PREVIEW_SIZE}
                )
        context = super().get_context_data(
            topic=self.topic,
            kind=self.kind,
            kinds=KINDS,
            groups=groups,
            anything=any(group["items"] for group in groups),
            **kwargs,
        )
        if self.kind is not None:
            context["items"] = self.kind.dated(context["items"])
        return context
