from django.urls import path

from core.attachments import AttachmentDownloadView

from . import feeds, views
from .models import DocumentAttachment

app_name = "meetings"

urlpatterns = [
    path("meetings/", views.MeetingListView.as_view(), name="meeting_list"),
    path("meetings/feed/rss/", feeds.MeetingsFeed(), name="meeting_feed_rss"),
    path("meetings/feed/atom/", feeds.MeetingsAtomFeed(), name="meeting_feed_atom"),
    path("meetings/<slug:slug>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("documents/", views.DocumentListView.as_view(), name="document_list"),
    path("documents/feed/rss/", feeds.DocumentStepsFeed(), name="document_feed_rss"),
    path("documents/feed/atom/", feeds.DocumentStepsAtomFeed(), name="document_feed_atom"),
    path("documents/<slug:slug>/", views.DocumentDetailView.as_view(), name="document_detail"),
    path(
        "documents/<slug:slug>/download/",
        views.DocumentDownloadView.as_view(),
        name="document_download",
    ),
    path("bodies/", views.BodyListView.as_view(), name="body_list"),
    path("bodies/<slug:slug>/", views.BodyDetailView.as_view(), name="body_detail"),
    path("bodies/<slug:slug>/feed/rss/", feeds.BodyMeetingsFeed(), name="body_feed_rss"),
    path("bodies/<slug:slug>/feed/atom/", feeds.BodyMeetingsAtomFeed(), name="body_feed_atom"),
    path("member-states/", views.MemberStateListView.as_view(), name="member_state_list"),
    path(
        "member-states/<slug:code>/",
        views.MemberStateDetailView.as_view(),
        name="member_state_detail",
    ),
    path(
        "documents/<slug:slug>/files/<int:pk>/",
        AttachmentDownloadView.as_view(model=DocumentAttachment),
        name="document_attachment",
    ),
]
