from django.urls import path

from . import feeds, views

app_name = "topics"

urlpatterns = [
    path("", views.TopicListView.as_view(), name="topic_list"),
    path("<slug:slug>/", views.TopicDetailView.as_view(), name="topic_detail"),
    path("<slug:slug>/feed/rss/", feeds.TopicFeed(), name="topic_feed_rss"),
    path("<slug:slug>/feed/atom/", feeds.TopicAtomFeed(), name="topic_feed_atom"),
]
