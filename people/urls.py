from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("", views.PersonListView.as_view(), name="person_list"),
    path("<slug:slug>/", views.PersonDetailView.as_view(), name="person_detail"),
]
