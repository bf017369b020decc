from django.urls import path

from . import views

app_name = "subscriptions"

urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("check-your-inbox/", views.check_inbox, name="check_inbox"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("leave/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("your-data/", views.request_data, name="request_data"),
    path("your-data/<str:token>/", views.data, name="data"),
]
