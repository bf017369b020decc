"""/api/: the open JSON API (v1), its OpenAPI 3 schema and its browsable docs."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"

router = SimpleRouter(use_regex_path=False)
router.register("articles", views.ArticleViewSet, basename="article")
router.register("sections", views.SectionViewSet, basename="section")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("documents", views.DocumentViewSet, basename="document")
router.register("bodies", views.BodyViewSet, basename="body")
router.register("member-states", views.MemberStateViewSet, basename="member-state")
router.register("pages", views.PageViewSet, basename="page")
router.register("people", views.PersonViewSet, basename="person")
router.register("events", views.EventViewSet, basename="event")
router.register("event-kinds", views.EventKindViewSet, basename="event-kind")

urlpatterns = [
    path("v1/", views.RootView.as_view(), name="root"),
    path("v1/", include(router.urls)),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.DocsView.as_view(), name="docs"),
]
