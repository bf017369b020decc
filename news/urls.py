from django.urls import path

from . import views

app_name = "news"

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="article_list"),
    path("<slug:slug>/", views.SectionDetailView.as_view(), name="section_detail"),
    path("<slug:section>/<slug:slug>/", views.ArticleDetailView.as_view(), name="article_detail"),
]
