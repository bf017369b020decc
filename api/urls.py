"""/api/: the open JSON API (v1), its OpenAPI 3 schema and its browsable docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
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

urlpatterns = [
    path("v1/", views.RootView.as_view(), name="root"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(authentication_classes=[]), name="schema"),
    path("docs/", views.DocsView.as_view(), name="docs"),
]
